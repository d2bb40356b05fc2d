// The whole platform for the end-to-end tests, started exactly as the README's `pnpm dev` does
// (`node dev/src/dev.ts`), but on free ports, with its own database (recreated every run, so runs
// are independent), its own Redis logical DB, and a temporary EDGEGATE_DATA_DIR — so it runs
// beside a developer's own `pnpm dev` without touching its data.
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePorts } from "@edgegate/dev/ports";

const root = join(import.meta.dirname, "..", "..");
// Overridable so two checkouts on one machine can run their e2e suites side by side.
export const E2E_DATABASE = process.env.E2E_DATABASE ?? "edgegate_e2e";
export const E2E_REDIS_DB = Number(process.env.E2E_REDIS_DB ?? 15);
const POSTGRES_URL = process.env.E2E_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432";
const REDIS_URL = process.env.E2E_REDIS_URL ?? "redis://127.0.0.1:6379";
const READY_LINE = "Edgegate is running.";
const READY_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 20_000;
export const STACK_LOG = join(import.meta.dirname, "..", "test-results", "e2e-stack.log");

/** What the tests get (through vitest's provide/inject, so it must stay plain JSON). */
export interface StackInfo {
  spaUrl: string;
  workerUrl: string;
  /** `pnpm dev`'s local webhook receiver (dev/src/webhook-receiver.ts): POST /hooks/<name>, GET /received/<name>. */
  webhookReceiverUrl: string;
  /** The docs site's dev server (its playground calls the Worker; CORS allows this origin). */
  docsUrl: string;
  /** The seeded demo owner and key, as `pnpm dev` prints them. */
  demo: { email: string; password: string; apiKey: string };
  /** The banner's "Demo traffic" line: what the first start seeded (null when it said nothing). */
  demoTraffic: string | null;
}

// pg and ioredis are the dev package's dependencies (the stack's own clients); borrowing them from
// there keeps one copy of each instead of adding them to the SPA's dependencies. Only the few
// calls used here are typed.
const requireFromDev = createRequire(join(root, "dev", "package.json"));
interface PgClient {
  connect(): Promise<void>;
  query(sql: string): Promise<unknown>;
  end(): Promise<void>;
}
interface RedisClient {
  flushdb(): Promise<string>;
  quit(): Promise<string>;
}
const pg = requireFromDev("pg") as { Client: new (options: { connectionString: string }) => PgClient };
const { Redis } = requireFromDev("ioredis") as { Redis: new (url: string) => RedisClient };

/** A fresh, empty database: `pnpm dev` creates, migrates and seeds it on start. */
async function dropDatabase(): Promise<void> {
  const client = new pg.Client({ connectionString: `${POSTGRES_URL}/postgres` });
  await client.connect();
  try {
    // FORCE: a previous run killed mid-way may have left connections open.
    await client.query(`DROP DATABASE IF EXISTS ${E2E_DATABASE} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

async function flushRedis(): Promise<void> {
  const redis = new Redis(`${REDIS_URL}/${E2E_REDIS_DB}`);
  try {
    await redis.flushdb();
  } finally {
    await redis.quit();
  }
}

/** Every live descendant of `pid` (from /proc): dev.ts starts each child in its own process group. */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // exited while we looked
    }
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift() as number) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** Running (a zombie has exited; only its parent has not collected it yet). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

function describeProcess(pid: number): string {
  try {
    return `${pid} ${readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ").slice(0, 120)}`;
  } catch {
    return String(pid);
  }
}

/** Polls until none of `pids` runs or the time is up; returns those still running. */
async function waitForExit(pids: number[], timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  let left = pids.filter(running);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    left = left.filter(running);
  }
  return left;
}

function exited(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

function tail(text: string, lines = 40): string {
  return text.split("\n").slice(-lines).join("\n");
}

export async function startStack(): Promise<{ info: StackInfo; stop: () => Promise<void> }> {
  await Promise.all([dropDatabase(), flushRedis()]);
  const dataDir = await mkdtemp(join(tmpdir(), "edgegate-e2e-"));
  const [worker, spa, docs, upstream, upstash, neonHttp, neonWs, pglite, webhookReceiver, stripe] =
    await freePorts(10);
  mkdirSync(join(STACK_LOG, ".."), { recursive: true });
  const log = createWriteStream(STACK_LOG);
  const child = spawn(process.execPath, [join(root, "dev", "src", "dev.ts")], {
    cwd: root,
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
      WEBHOOK_RECEIVER_PORT: String(webhookReceiver),
      STRIPE_STAND_IN_PORT: String(stripe),
      DATABASE_URL: `${POSTGRES_URL}/${E2E_DATABASE}`,
      REDIS_URL: `${REDIS_URL}/${E2E_REDIS_DB}`,
      EDGEGATE_DATA_DIR: dataDir,
    },
    // Its own process group, so a signal to the test runner's group does not race our shutdown.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`pnpm dev did not print "${READY_LINE}" within ${READY_TIMEOUT_MS / 1000}s`)),
      READY_TIMEOUT_MS,
    );
    const onData = (chunk: Buffer) => {
      log.write(chunk);
      output += chunk.toString();
      // The banner is one write; wait for its last line too (the demo key) before reading it.
      if (output.includes(READY_LINE) && /Demo API key\s+ak_\w+\n/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`pnpm dev exited (${code ?? signal}) before it was ready`));
    });
  });

  const stop = async () => {
    const pids = child.pid ? descendants(child.pid) : [];
    if (child.pid && running(child.pid)) {
      // dev.ts stops its children (each in its own process group) on SIGTERM, then exits.
      process.kill(child.pid, "SIGTERM");
      if (!(await exited(child, STOP_TIMEOUT_MS))) process.kill(-child.pid, "SIGKILL");
    }
    // Grandchildren (workerd under wrangler) may take a moment longer than their parents; whatever
    // still runs after that is killed, and named, so a leak in pnpm dev's shutdown shows.
    const leftovers = await waitForExit(pids, 5_000);
    if (leftovers.length > 0) {
      console.warn(
        `pnpm dev left processes running; killing them:\n${leftovers.map(describeProcess).join("\n")}`,
      );
      for (const pid of leftovers) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // gone meanwhile
        }
      }
    }
    log.end();
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    await ready;
  } catch (error) {
    await stop().catch(() => {});
    throw new Error(
      `${(error as Error).message}; its last output (full log: ${STACK_LOG}):\n${tail(output)}`,
    );
  }
  const login = /Demo login\s+(\S+) \/ (\S+)/.exec(output);
  const apiKey = /Demo API key\s+(ak_\w+)/.exec(output)?.[1];
  if (!login?.[1] || !login[2] || !apiKey) {
    await stop().catch(() => {});
    throw new Error(`pnpm dev's banner no longer shows the demo login and key:\n${tail(output)}`);
  }
  return {
    info: {
      spaUrl: `http://127.0.0.1:${spa}`,
      workerUrl: `http://127.0.0.1:${worker}`,
      webhookReceiverUrl: `http://127.0.0.1:${webhookReceiver}`,
      docsUrl: `http://127.0.0.1:${docs}`,
      demo: { email: login[1], password: login[2], apiKey },
      demoTraffic: /Demo traffic\s+(.+)/.exec(output)?.[1] ?? null,
    },
    stop,
  };
}
