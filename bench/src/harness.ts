// The benchmark harness, shared by `pnpm bench` and the raw-HTTP tests: its own Postgres database
// (migrated, seeded with benchmark keys) and Redis logical DB, the local stack in two child
// processes, and Workers bundled with esbuild and run on workerd through the Miniflare API with
// the bindings wrangler.toml declares (KV, queues). Everything listens on 127.0.0.1.
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureDatabase, migrateDatabase } from "@edgegate/dev/migrate";
import { apiKeyDisplayPrefix, generateApiKey, hashApiKey } from "@edgegate/shared/api-key";
import { Redis } from "@upstash/redis";
import { type BuildOptions, build } from "esbuild";
import { convertV4MiniflareOptions, Miniflare, type V4WorkerOptions } from "miniflare";
import pg from "pg";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { createIpcRequester, forkUntilReady } from "./child-process.ts";

export const BENCH_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const REPO_ROOT = join(BENCH_ROOT, "..");
const BUILD_DIR = join(BENCH_ROOT, ".build");

/** The benchmark Workers' WEBHOOK_SECRET_ENCRYPTION_KEY (the webhook scenario seals endpoint secrets with it). */
export const BENCH_WEBHOOK_ENCRYPTION_KEY = "YmVuY2gtd2ViaG9vay1lbmNyeXB0aW9uLWtleS0wMTI=";

export const benchSettings = () => ({
  databaseUrl: process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/edgegate_bench",
  redisUrl: process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379/5",
  redisToken: "bench-token",
});

export interface ServiceChild {
  child: ChildProcess;
  ready: Record<string, string>;
  stats(): Promise<Record<string, Record<string, number>>>;
  stop(): Promise<void>;
}

export async function startChild(role: string, env: Record<string, string>): Promise<ServiceChild> {
  const { child, ready } = await forkUntilReady(join(BENCH_ROOT, "src", "services-process.ts"), [role], env, {
    name: `stack process "${role}"`,
    echo: true,
  });
  const request = createIpcRequester(child);
  return {
    child,
    ready,
    stats: async () =>
      (
        await request<{ type: string; id: number; stats: Record<string, Record<string, number>> }>(
          { type: "stats" },
          "stats",
        )
      ).stats,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.send({ type: "stop" });
        setTimeout(() => child.kill("SIGKILL"), 3000).unref();
      }),
  };
}

export interface BenchKeys {
  /** Hot key: every check runs (IP allowlist, scopes) and its limits are far above any load. */
  hot: string;
  /** Accuracy key: per-minute limit `accuracyLimit`, burst the same. */
  accuracy: string;
  accuracyLimit: number;
}

/** The client address every benchmark request claims; the hot key's allowlist admits it. */
export const CLIENT_IP = "203.0.113.7";

async function seed(databaseUrl: string, accuracyLimit: number): Promise<BenchKeys> {
  const hot = generateApiKey();
  const accuracy = generateApiKey();
  const runId = randomBytes(6).toString("hex");
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("BEGIN");
    await client.query(
      `INSERT INTO organizations (id, name, slug, plan) VALUES ('org_bench', 'Benchmark', 'bench', 'ENTERPRISE')
       ON CONFLICT (id) DO UPDATE SET plan = 'ENTERPRISE'`,
    );
    // Fresh key ids per run, so a test run and a benchmark run can share the database (and their
    // rate-limit state in Redis, keyed by key id, never collides); old runs' keys are swept.
    await client.query(
      "DELETE FROM api_keys WHERE organization_id = 'org_bench' AND created_at < now() - interval '1 hour'",
    );
    const insert = `INSERT INTO api_keys (id, organization_id, name, key_hash, display_prefix, scopes, ip_allowlist,
      rate_limit_per_minute, burst_limit) VALUES ($1, 'org_bench', $2, $3, $4, $5, $6, $7, $8)`;
    await client.query(insert, [
      `key_bench_hot_${runId}`,
      `hot ${runId}`,
      await hashApiKey(hot),
      apiKeyDisplayPrefix(hot),
      ["get:bytes", "post:echo", "get:echo"],
      ["198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32"],
      1_000_000_000,
      1_000_000_000,
    ]);
    await client.query(insert, [
      `key_bench_accuracy_${runId}`,
      `accuracy ${runId}`,
      await hashApiKey(accuracy),
      apiKeyDisplayPrefix(accuracy),
      ["*"],
      [],
      accuracyLimit,
      accuracyLimit,
    ]);
    await client.query("COMMIT");
  } finally {
    await client.end();
  }
  return { hot, accuracy, accuracyLimit };
}

/**
 * `BENCH_BASELINE_ROOT`: another checkout of this repository (its dependencies installed). Its
 * gateway and V2 Workers are the variants "gateway-base" and "no-limit-base", which profile.ts
 * runs in the same rounds as this checkout's ("V2 base", "V3 base"): an A/B of two commits.
 */
export const BASELINE_ROOT = process.env.BENCH_BASELINE_ROOT ?? null;

export type Variant =
  | "passthrough"
  | "floor-v2"
  | "floor-v3"
  | "no-limit"
  | "gateway"
  | "instrumented"
  | "no-queue"
  | "no-group-commit"
  | "new-paths"
  | "faulty"
  | "first-request-floor"
  | "gateway-base"
  | "no-limit-base";
const ENTRIES: Record<Variant, string> = {
  passthrough: join(BENCH_ROOT, "worker", "passthrough.ts"),
  "floor-v2": join(BENCH_ROOT, "worker", "floor-v2.ts"),
  "floor-v3": join(BENCH_ROOT, "worker", "floor-v3.ts"),
  "no-limit": join(BENCH_ROOT, "worker", "no-limit.ts"),
  gateway: join(REPO_ROOT, "gateway-worker", "src", "index.ts"),
  instrumented: join(BENCH_ROOT, "worker", "instrumented.ts"),
  "no-queue": join(BENCH_ROOT, "worker", "no-queue.ts"),
  "no-group-commit": join(BENCH_ROOT, "worker", "no-group-commit.ts"),
  "new-paths": join(BENCH_ROOT, "worker", "new-paths.ts"),
  faulty: join(BENCH_ROOT, "worker", "faulty.ts"),
  "first-request-floor": join(BENCH_ROOT, "worker", "first-request-floor.ts"),
  "gateway-base": join(BASELINE_ROOT ?? REPO_ROOT, "gateway-worker", "src", "index.ts"),
  "no-limit-base": join(BASELINE_ROOT ?? REPO_ROOT, "bench", "worker", "no-limit.ts"),
};

/** How the benchmark bundles a Worker for workerd (also `src/split-startup.ts`). */
export const WORKER_BUILD_OPTIONS = {
  bundle: true,
  format: "esm",
  platform: "neutral",
  target: "es2023",
  conditions: ["workerd", "worker", "browser"],
  mainFields: ["browser", "module", "main"],
  external: ["node:*", "cloudflare:*"],
  // bench/worker/*.ts import the gateway's own dependencies (hono, ...) from its package.
  nodePaths: [join(REPO_ROOT, "gateway-worker", "node_modules")],
  logLevel: "error",
} satisfies BuildOptions;

/** Bundles one Worker variant into bench/.build (the reliability suite runs `faulty`). */
export async function bundle(variant: Variant): Promise<string> {
  const outfile = join(BUILD_DIR, `${variant}.mjs`);
  await build({ ...WORKER_BUILD_OPTIONS, entryPoints: [ENTRIES[variant]], outfile });
  return outfile;
}

export interface CreatedKey {
  key: string;
  keyId: string;
  organizationId: string;
}

async function insertKey(
  databaseUrl: string,
  options: { perMinute: number; burst: number; ipAllowlist?: string[] },
): Promise<CreatedKey> {
  const key = generateApiKey();
  const id = `key_bench_${randomBytes(6).toString("hex")}`;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO api_keys (id, organization_id, name, key_hash, display_prefix, scopes, ip_allowlist,
        rate_limit_per_minute, burst_limit) VALUES ($1, 'org_bench', $1, $2, $3, $4, $5, $6, $7)`,
      [
        id,
        await hashApiKey(key),
        apiKeyDisplayPrefix(key),
        ["*"],
        options.ipAllowlist ?? [],
        options.perMinute,
        options.burst,
      ],
    );
  } finally {
    await client.end();
  }
  return { key, keyId: id, organizationId: "org_bench" };
}

export interface WorkerInstance {
  url: string;
  counters(): Promise<Record<string, number>>;
  dispose(): Promise<void>;
}

export interface Harness {
  keys: BenchKeys;
  upstreamUrl: string;
  /** The Upstash REST bridge in front of the benchmark's Redis DB. */
  redis: { url: string; token: string };
  /** host:port of each local endpoint, to attribute a Worker's outgoing fetches. */
  hosts: { neonHttp: string; upstash: string; upstream: string };
  /**
   * `inspectorPort` opens workerd's V8 inspector (Chrome DevTools protocol) for CPU profiles;
   * `slowRedis` points the Worker at the Redis answering `redisDelayMs` late, `redisDown` at a
   * port that refuses connections; `vars` override wrangler.toml's (e.g. REDIS_TIMEOUT_MS);
   * `persistPath` keeps KV (and the other local resources) in that directory, so Workers started
   * one after another with the same path share it, as isolates share KV in production.
   */
  startWorker(
    variant: Variant,
    opts?: {
      slowRedis?: boolean;
      redisDown?: boolean;
      inspectorPort?: number;
      vars?: Record<string, string>;
      persistPath?: string;
    },
  ): Promise<WorkerInstance>;
  /** A fresh key of the benchmark organization with these limits, every scope (and any IP by default). */
  createKey(options: { perMinute: number; burst: number; ipAllowlist?: string[] }): Promise<CreatedKey>;
  stats(): Promise<Record<string, Record<string, number>>>;
  close(): Promise<void>;
}

export async function startHarness(
  opts: { accuracyLimit?: number; redisDelayMs?: number; flushRedis?: boolean } = {},
): Promise<Harness> {
  const { databaseUrl, redisUrl, redisToken } = benchSettings();
  await ensureDatabase(databaseUrl);
  await migrateDatabase(databaseUrl);
  const keys = await seed(databaseUrl, opts.accuracyLimit ?? 120);
  await mkdir(BUILD_DIR, { recursive: true });
  const bundles = new Map<Variant, Promise<string>>();

  const upstream = await startChild("upstream", {});
  let data: ServiceChild;
  try {
    data = await startChild("data", {
      BENCH_DATABASE_URL: databaseUrl,
      BENCH_REDIS_URL: redisUrl,
      BENCH_REDIS_TOKEN: redisToken,
      BENCH_REDIS_DELAY_MS: String(opts.redisDelayMs ?? 500),
    });
  } catch (error) {
    await upstream.stop();
    throw error;
  }
  if (opts.flushRedis) await new Redis({ url: data.ready.upstashUrl as string, token: redisToken }).flushdb();
  const upstreamUrl = upstream.ready.upstreamUrl as string;

  // wrangler.toml's vars, KV namespace and queues, as `wrangler dev` would read them; the admin
  // SPA's static assets (a router worker in front of ours) and crons are left out.
  const fromToml = unstable_getMiniflareWorkerOptions(join(REPO_ROOT, "wrangler.toml"))
    .workerOptions as unknown as V4WorkerOptions;

  const workers: Miniflare[] = [];
  return {
    keys,
    upstreamUrl,
    redis: { url: data.ready.upstashUrl as string, token: redisToken },
    hosts: {
      neonHttp: new URL(data.ready.neonHttpUrl as string).host,
      upstash: new URL(data.ready.upstashUrl as string).host,
      upstream: new URL(upstreamUrl).host,
    },
    createKey: (limits) => insertKey(databaseUrl, limits),
    async startWorker(
      variant,
      { slowRedis = false, redisDown = false, inspectorPort, vars = {}, persistPath } = {},
    ) {
      if (!bundles.has(variant)) bundles.set(variant, bundle(variant));
      const scriptPath = await (bundles.get(variant) as Promise<string>);
      const gatewayLike = variant !== "passthrough" && !variant.startsWith("floor");
      // Miniflare 5 (the one wrangler pins) still accepts the v4 option shape through its converter.
      const mf = new Miniflare(
        convertV4MiniflareOptions({
          host: "127.0.0.1",
          port: 0,
          // The placeholder `Request.cf`, not the one Miniflare would fetch from the network.
          cf: false,
          ...(inspectorPort ? { inspectorPort } : {}),
          ...(persistPath ? { resourcePersistencePath: persistPath } : {}),
          logRequests: false,
          // The Worker's console (e.g. one fail-open warning per request) would drown the report.
          handleStructuredLogs: process.env.BENCH_WORKER_LOGS
            ? (entry: { level: string; message: string }) =>
                console.log(`[workerd ${entry.level}] ${entry.message}`)
            : () => {},
          workers: [
            {
              name: `bench-${variant}`,
              // Clients connect straight to this Worker: Miniflare's entry worker (which adds its own
              // routing and CF headers) cut a hello-world from ~5,700 to ~1,500 req/s here.
              unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }],
              modules: true,
              scriptPath,
              compatibilityDate: fromToml.compatibilityDate,
              compatibilityFlags: fromToml.compatibilityFlags,
              bindings: {
                ...(fromToml.bindings as Record<string, string>),
                ENVIRONMENT: "development",
                DATABASE_URL: databaseUrl,
                NEON_LOCAL_HTTP_ENDPOINT: data.ready.neonHttpUrl as string,
                NEON_LOCAL_WS_PROXY: data.ready.neonWsProxy as string,
                UPSTASH_REDIS_REST_URL: redisDown
                  ? "http://127.0.0.1:9"
                  : ((slowRedis ? data.ready.slowUpstashUrl : data.ready.upstashUrl) as string),
                UPSTASH_REDIS_REST_TOKEN: redisToken,
                UPSTREAM_URL: upstreamUrl,
                BETTER_AUTH_SECRET: "bench-better-auth-secret-0123456789abcdef",
                WEBHOOK_SECRET_ENCRYPTION_KEY: BENCH_WEBHOOK_ENCRYPTION_KEY,
                STRIPE_SECRET_KEY: "", // billing off: nothing here talks to Stripe
                STRIPE_WEBHOOK_SECRET: "",
                ...vars,
              },
              ...(gatewayLike
                ? {
                    kvNamespaces: fromToml.kvNamespaces,
                    queueProducers: fromToml.queueProducers,
                    queueConsumers: variant.startsWith("no-limit") ? {} : fromToml.queueConsumers,
                  }
                : {}),
            },
          ],
        }),
      );
      workers.push(mf);
      await mf.ready;
      const url = (await mf.unsafeGetDirectURL(`bench-${variant}`)).href.replace(/\/$/, "");
      return {
        url,
        async counters() {
          const response = await fetch(`${url}/__bench/counters`);
          return (await response.json()) as Record<string, number>;
        },
        dispose: async () => {
          workers.splice(workers.indexOf(mf), 1);
          await mf.dispose();
        },
      };
    },
    async stats() {
      const [a, b] = await Promise.all([upstream.stats(), data.stats()]);
      return { ...a, ...b };
    },
    async close() {
      await Promise.allSettled(workers.map((mf) => mf.dispose()));
      await Promise.allSettled([upstream.stop(), data.stop()]);
    },
  };
}
