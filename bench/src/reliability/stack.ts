// The real platform for the reliability suite: its own Postgres database (dropped and migrated
// each run, so every count is exact), its own redis-server, the local stand-ins in one child
// process (services-process.ts) and the real Worker on workerd (Miniflare API) behind the fault
// switches of bench/worker/faulty.ts. Everything listens on 127.0.0.1.
import type { ChildProcess } from "node:child_process";
import { createWriteStream, readdirSync, readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureDatabase, migrateDatabase } from "@edgegate/dev/migrate";
import { convertV4MiniflareOptions, Miniflare, type V4WorkerOptions } from "miniflare";
import pg from "pg";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { createIpcRequester, forkUntilReady } from "../child-process.ts";
import { BENCH_ROOT, bundle } from "../harness.ts";
import { type PrivateRedis, startPrivateRedis } from "./redis-server.ts";
import type { ProxyMode } from "./switch-proxy.ts";

/** RELIABILITY_DATABASE_URL: a database this suite may drop and recreate on every run. */
export const reliabilitySettings = () => ({
  databaseUrl:
    process.env.RELIABILITY_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/edgegate_reliability",
});

/** The admin SPA's origin as the Worker is told it (cookies, the cross-origin write check). */
export const ADMIN_ORIGIN = "http://reliability.local";
/**
 * Shorter than the production 30 s so the "upstream hangs" fault ends in a 504 within the run, and
 * long enough that a loaded shared machine's slow echo is never mistaken for a hung upstream.
 */
export const UPSTREAM_TIMEOUT_MS = 10_000;
const REDIS_TOKEN = "reliability-token";

export interface FaultSwitches {
  failSends?: number;
  crashBatches?: number;
}
export interface Injected {
  failedSends: number;
  failedSendMessages: number;
  crashedBatches: number;
}

export interface Memory {
  workerdMiB: number;
  servicesMiB: number;
  redisMiB: number;
}

export interface Stack {
  url: string;
  upstreamUrl: string;
  /** The webhook receiver behind its switch proxy (what endpoints name), and its direct address. */
  receiver: { url: string; controlUrl: string };
  redisRestUrl: string;
  redisToken: string;
  db: pg.Pool;
  databaseUrl: string;
  redis: PrivateRedis;
  /** The Worker's console output, one line per entry (read by the secrets scan). */
  workerLogFile: string;
  /** How many Worker log lines carried each structured `event` name. */
  logEvents: Map<string, number>;
  proxy(target: "postgres" | "redis" | "receiver", mode: ProxyMode): Promise<void>;
  faults(set?: FaultSwitches): Promise<{ switches: Required<FaultSwitches>; injected: Injected }>;
  /** Resident memory (VmRSS) of workerd, the stand-ins' process and redis-server. */
  memory(): Memory;
  /** Keys currently in the KV namespace (the key-record cache), with their values. */
  kvEntries(): Promise<{ name: string; value: string }[]>;
  close(): Promise<void>;
}

function rssMiB(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? Math.round(Number(kb) / 102.4) / 10 : 0;
  } catch {
    return 0;
  }
}

/** workerd processes started by this process (Miniflare spawns them as direct children). */
function workerdPids(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(rest[1]) === process.pid && stat.includes("(workerd)")) pids.push(Number(entry));
    } catch {
      // exited while we looked
    }
  }
  return pids;
}

async function freshDatabase(databaseUrl: string): Promise<void> {
  const admin = new URL(databaseUrl);
  const name = admin.pathname.slice(1);
  if (!/^[a-z0-9_]+$/.test(name))
    throw new Error(`RELIABILITY_DATABASE_URL: unusable database name "${name}"`);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.href });
  await client.connect();
  try {
    // FORCE: a run killed mid-way may have left connections open.
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await client.end();
  }
  await ensureDatabase(databaseUrl);
  await migrateDatabase(databaseUrl);
}

interface ServicesChild {
  child: ChildProcess;
  ready: Record<string, string>;
  request(message: Record<string, unknown>): Promise<{ stats?: unknown }>;
}

async function startServices(env: Record<string, string>): Promise<ServicesChild> {
  const { child, ready } = await forkUntilReady(
    join(BENCH_ROOT, "src", "reliability", "services-process.ts"),
    [],
    env,
    { name: "reliability services", echo: false },
  );
  const request = createIpcRequester(child);
  return {
    child,
    ready,
    request: (message) => request<{ type: string; id: number; stats?: unknown }>(message, "ack"),
  };
}

export async function startStack(): Promise<Stack> {
  const { databaseUrl } = reliabilitySettings();
  const [, redis, scriptPath] = await Promise.all([
    freshDatabase(databaseUrl),
    startPrivateRedis(),
    bundle("faulty"),
  ]);
  const services = await startServices({
    REL_DATABASE_URL: databaseUrl,
    REL_REDIS_PORT: String(redis.port),
    REL_REDIS_TOKEN: REDIS_TOKEN,
  });
  const logDir = await mkdtemp(join(tmpdir(), "edgegate-reliability-"));
  const workerLogFile = join(logDir, "worker.log");
  const workerLog = createWriteStream(workerLogFile);
  const logEvents = new Map<string, number>();
  const fromToml = unstable_getMiniflareWorkerOptions(join(BENCH_ROOT, "..", "wrangler.toml"))
    .workerOptions as unknown as V4WorkerOptions;
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      host: "127.0.0.1",
      port: 0,
      // The placeholder `Request.cf`, not the one Miniflare would fetch from the network.
      cf: false,
      logRequests: false,
      handleStructuredLogs: (entry: { level: string; message: string }) => {
        workerLog.write(`${entry.level} ${entry.message}\n`);
        const name = /"event":"([a-z_]+)"/.exec(entry.message)?.[1];
        if (name) logEvents.set(name, (logEvents.get(name) ?? 0) + 1);
      },
      workers: [
        {
          name: "reliability",
          unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }],
          modules: true,
          scriptPath,
          compatibilityDate: fromToml.compatibilityDate,
          compatibilityFlags: fromToml.compatibilityFlags,
          bindings: {
            ...(fromToml.bindings as Record<string, string>),
            ENVIRONMENT: "test",
            ADMIN_ORIGIN,
            UPSTREAM_TIMEOUT_MS: String(UPSTREAM_TIMEOUT_MS),
            DATABASE_URL: services.ready.databaseUrl as string,
            NEON_LOCAL_HTTP_ENDPOINT: services.ready.neonHttpUrl as string,
            NEON_LOCAL_WS_PROXY: services.ready.neonWsProxy as string,
            UPSTASH_REDIS_REST_URL: services.ready.upstashUrl as string,
            UPSTASH_REDIS_REST_TOKEN: REDIS_TOKEN,
            UPSTREAM_URL: services.ready.upstreamUrl as string,
            BETTER_AUTH_SECRET: "reliability-better-auth-secret-0123456789",
            WEBHOOK_SECRET_ENCRYPTION_KEY: "cmVsaWFiaWxpdHktd2ViaG9vay1lbmNyeXB0aW9uLWs=",
            STRIPE_SECRET_KEY: "", // billing off: nothing here talks to Stripe
            STRIPE_WEBHOOK_SECRET: "",
          },
          kvNamespaces: fromToml.kvNamespaces,
          queueProducers: fromToml.queueProducers,
          queueConsumers: fromToml.queueConsumers,
        },
      ],
    }),
  );
  await mf.ready;
  const url = (await mf.unsafeGetDirectURL("reliability")).href.replace(/\/$/, "");
  const db = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  return {
    url,
    upstreamUrl: services.ready.upstreamUrl as string,
    receiver: {
      url: services.ready.receiverUrl as string,
      controlUrl: services.ready.receiverControlUrl as string,
    },
    redisRestUrl: services.ready.upstashUrl as string,
    redisToken: REDIS_TOKEN,
    db,
    databaseUrl,
    redis,
    workerLogFile,
    logEvents,
    async proxy(target, mode) {
      await services.request({ type: "proxy", target, mode });
    },
    async faults(set) {
      const response = await fetch(
        `${url}/__faults`,
        set ? { method: "POST", body: JSON.stringify(set) } : {},
      );
      return (await response.json()) as { switches: Required<FaultSwitches>; injected: Injected };
    },
    memory: () => ({
      workerdMiB: workerdPids().reduce((sum, pid) => sum + rssMiB(pid), 0),
      servicesMiB: rssMiB(services.child.pid),
      redisMiB: rssMiB(redis.pid()),
    }),
    async kvEntries() {
      const kv = await mf.getKVNamespace("KEY_CACHE");
      const entries: { name: string; value: string }[] = [];
      let cursor: string | undefined;
      do {
        const page = await kv.list(cursor ? { cursor } : {});
        for (const key of page.keys) entries.push({ name: key.name, value: (await kv.get(key.name)) ?? "" });
        cursor = page.list_complete ? undefined : page.cursor;
      } while (cursor);
      return entries;
    },
    async close() {
      await Promise.allSettled([mf.dispose(), db.end()]);
      await new Promise<void>((resolve) => {
        if (services.child.exitCode !== null) return resolve();
        services.child.once("exit", () => resolve());
        services.child.send({ type: "stop" });
        setTimeout(() => services.child.kill("SIGKILL"), 3000).unref();
      });
      await redis.close();
      await new Promise((resolve) => workerLog.end(resolve));
    },
  };
}
