// `pnpm dev` must stop on bad configuration with one line that says what is wrong and how to
// fix it, before it starts anything (so nothing is left running).
import { spawn } from "node:child_process";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePorts } from "../src/ports.ts";

const devScript = join(import.meta.dirname, "..", "src", "dev.ts");

async function runDev(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const [worker, spa, docs, upstream, upstash, neonHttp, neonWs, pglite, receiver, stripe] =
    await freePorts(10);
  const child = spawn(process.execPath, [devScript], {
    env: {
      ...process.env,
      WORKER_PORT: String(worker),
      SPA_PORT: String(spa),
      DOCS_PORT: String(docs),
      DEMO_UPSTREAM_PORT: String(upstream),
      UPSTASH_BRIDGE_PORT: String(upstash),
      NEON_HTTP_PORT: String(neonHttp),
      NEON_WS_PORT: String(neonWs),
      PGLITE_PORT: String(pglite),
      WEBHOOK_RECEIVER_PORT: String(receiver),
      STRIPE_STAND_IN_PORT: String(stripe),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { code, stderr };
}

function messageLines(stderr: string): string[] {
  return stderr.split("\n").filter((line) => line.startsWith("pnpm dev:"));
}

describe("pnpm dev refuses bad configuration with one clear line", () => {
  let blocker: Server;
  let blockedPort: number;
  const brokenDatabase = "edgegate_dev_cli_broken";

  beforeAll(async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    blockedPort = (blocker.address() as import("node:net").AddressInfo).port;
    const admin = new pg.Client({ connectionString: "postgres://postgres@127.0.0.1:5432/postgres" });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${brokenDatabase}`);
    await admin.query(`CREATE DATABASE ${brokenDatabase}`);
    await admin.end();
    // A table the first migration wants to create, with an incompatible shape.
    const broken = new pg.Client({
      connectionString: `postgres://postgres@127.0.0.1:5432/${brokenDatabase}`,
    });
    await broken.connect();
    await broken.query("CREATE TABLE organizations (something_else int)");
    await broken.end();
  });

  afterAll(async () => {
    await new Promise((resolve) => blocker.close(resolve));
  });

  it("DATABASE_URL pointing at nothing", async () => {
    const { code, stderr } = await runDev({ DATABASE_URL: "postgres://postgres@127.0.0.1:1/edgegate" });
    expect(code).toBe(1);
    expect(messageLines(stderr)).toEqual([expect.stringContaining("nothing is listening at 127.0.0.1:1")]);
  });

  it("DATABASE_URL that is not a URL", async () => {
    const { code, stderr } = await runDev({ DATABASE_URL: "definitely not a url" });
    expect(code).toBe(1);
    expect(messageLines(stderr)).toEqual([expect.stringContaining("DATABASE_URL is not a valid URL")]);
  });

  it("REDIS_URL pointing at nothing", async () => {
    const { code, stderr } = await runDev({ REDIS_URL: "redis://127.0.0.1:1" });
    expect(code).toBe(1);
    const [line] = messageLines(stderr);
    expect(line).toContain("Redis is not reachable at 127.0.0.1:1");
    expect(line).toContain("redis-server");
  });

  it("a port already in use", async () => {
    const { code, stderr } = await runDev({ WORKER_PORT: String(blockedPort) });
    expect(code).toBe(1);
    expect(messageLines(stderr)).toEqual([
      expect.stringContaining(`port ${blockedPort} (Worker) is already in use`),
    ]);
  });

  it("a port setting that is not a port", async () => {
    const { code, stderr } = await runDev({ WORKER_PORT: "80801" });
    expect(code).toBe(1);
    expect(messageLines(stderr)).toEqual([
      expect.stringContaining('WORKER_PORT must be a TCP port (1-65535), got "80801"'),
    ]);
  });

  it("a migration that fails", async () => {
    const { code, stderr } = await runDev({
      DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${brokenDatabase}`,
    });
    expect(code).toBe(1);
    expect(messageLines(stderr)).toEqual([expect.stringMatching(/migration failed: .*organizations/)]);
  });
});
