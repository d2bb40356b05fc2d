// The request-log pipeline benchmark: ingestion through the Worker's own consumer code
// (consumeRequestLogs: validation + the one atomic statement that inserts raw rows and upserts
// minute rollups, key-hour totals, usage and last use) into a dedicated local Postgres database,
// in batches of 100 with several batches in flight as Cloudflare Queues runs consumers
// concurrently.
//
// Why Node + pg and not workerd: the consumer's cost is its one statement per batch. Inside
// workerd that statement travels through the Neon HTTP driver to the repo's local stand-in for
// Neon's SQL-over-HTTP endpoint (dev/src/neon-http.ts, one more Node process translating to pg
// on the same two cores) — a hop that does not exist in this form in production, where Neon's
// endpoint sits beside the database. Through Miniflare the figure would include that stand-in's
// cost, which says little about production; here it is the consumer's code and SQL alone. Production adds one
// Neon HTTP round trip per batch of 100 (the README's performance section).
//
// `runPipelineBench(options)` is called by bench/src/analytics-report.ts (part of `pnpm bench`);
// `node bench/src/pipeline.ts [events]` runs it alone and prints the result as JSON.
import { randomBytes } from "node:crypto";
import { ensureDatabase, migrateDatabase } from "@edgegate/dev/migrate";
import { nodeWorkerServices } from "@edgegate/dev/worker-services-node";
import * as worker from "@edgegate/gateway-worker/node";
import { consumeRequestLogs } from "@edgegate/gateway-worker/node";
import pg from "pg";

export interface PipelineBenchOptions {
  databaseUrl?: string;
  events?: number;
  batchSize?: number;
  /** Batches in flight at once (Queues runs several consumer invocations concurrently). */
  concurrency?: number;
  organizations?: number;
  keysPerOrganization?: number;
  queryRuns?: number;
}

export interface PipelineBenchResult {
  ingestion: {
    events: number;
    batchSize: number;
    concurrency: number;
    seconds: number;
    eventsPerSecond: number;
  };
  queries: Record<string, { p50Ms: number; p95Ms: number }>;
}

/** A UUIDv7 for a given millisecond (the consumer derives created_at from it). */
function uuidv7(ms: number): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const PATHS = Array.from({ length: 60 }, (_, i) =>
  i < 10 ? `/v1/resource${i}` : `/v1/resource${i % 10}/:id/sub${i}`,
);
const STATUSES = [200, 200, 200, 200, 200, 200, 200, 201, 204, 304, 400, 401, 404, 429, 500, 502];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0;
}

export async function runPipelineBench(options: PipelineBenchOptions = {}): Promise<PipelineBenchResult> {
  const databaseUrl =
    options.databaseUrl ??
    process.env.BENCH_PIPELINE_DATABASE_URL ??
    "postgres://postgres@127.0.0.1:5432/edgegate_bench_pipeline";
  const total = options.events ?? 50_000;
  const batchSize = options.batchSize ?? 100;
  const concurrency = options.concurrency ?? 4;
  await ensureDatabase(databaseUrl);
  await migrateDatabase(databaseUrl);

  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const keys: { org: string; key: string }[] = [];
  const runId = randomBytes(4).toString("hex");
  for (let o = 0; o < (options.organizations ?? 5); o++) {
    const org = `org_bench_${runId}_${o}`;
    await client.query("insert into organizations (id, name, slug, plan) values ($1, $1, $1, 'PRO')", [org]);
    for (let k = 0; k < (options.keysPerOrganization ?? 4); k++) {
      const key = `key_bench_${runId}_${o}_${k}`;
      await client.query(
        "insert into api_keys (id, organization_id, name, key_hash, display_prefix, scopes) values ($1, $2, $1, $1, 'ak_bench', '{*}')",
        [key, org],
      );
      keys.push({ org, key });
    }
  }
  await client.end();

  const node = nodeWorkerServices(databaseUrl, { poolSize: concurrency + 2 });
  const now = Date.now();
  const makeBatch = (b: number) => {
    const messages = Array.from({ length: batchSize }, (_, i) => {
      const n = b * batchSize + i;
      const { org, key } = keys[n % keys.length] as { org: string; key: string };
      // Spread over the last 6 hours; log-normal-ish latency.
      const at = now - Math.floor(Math.random() * 6 * 3_600_000);
      const status = STATUSES[n % STATUSES.length] as number;
      const body = {
        type: "request",
        id: uuidv7(at),
        timestamp: at,
        organizationId: org,
        apiKeyId: key,
        method: n % 5 === 0 ? "POST" : "GET",
        path: PATHS[Math.floor(Math.random() ** 2 * PATHS.length)],
        status,
        latencyMs: Math.round(Math.exp(3 + Math.random() * 3)),
        upstreamTtfbMs: 5,
        requestBytes: 200,
        responseBytes: 2_000,
        clientIp: `198.51.100.${n % 200}`,
        country: ["DE", "US", "FR", "JP"][n % 4],
        userAgent: "bench",
        errorCode: status >= 400 ? "UPSTREAM_ERROR" : null,
        rateLimitOutcome: status === 429 ? "rate_limited" : "allowed",
        failOpen: false,
      };
      return { id: `b${b}-${i}`, timestamp: new Date(), attempts: 1, body, ack() {}, retry() {} };
    });
    return { queue: "request-logs", messages, ackAll() {}, retryAll() {} };
  };

  const batches = Math.ceil(total / batchSize);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < batches) await consumeRequestLogs(makeBatch(next++), node.services);
    }),
  );
  const seconds = (performance.now() - started) / 1000;

  const analytics = worker.createAnalytics(node.services.database);
  const org = (keys[0] as { org: string }).org;
  const day = { from: new Date(now - 86_400_000).toISOString(), to: new Date(now + 60_000).toISOString() };
  const parse = worker.parseAnalyticsQuery;
  const queries: Record<string, () => Promise<unknown>> = {
    summary: () => analytics.summary(org, parse(worker.analyticsRangeSchema, day)),
    timeSeries: () => analytics.timeSeries(org, parse(worker.timeSeriesQuerySchema, day)),
    logPage: () => analytics.logs(org, parse(worker.logQuerySchema, { ...day, limit: 50 })),
  };
  const queryResults: PipelineBenchResult["queries"] = {};
  for (const [name, run] of Object.entries(queries)) {
    const times: number[] = [];
    for (let i = 0; i < (options.queryRuns ?? 20); i++) {
      const t = performance.now();
      await run();
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    queryResults[name] = { p50Ms: percentile(times, 0.5), p95Ms: percentile(times, 0.95) };
  }
  await node.close();
  return {
    ingestion: {
      events: batches * batchSize,
      batchSize,
      concurrency,
      seconds,
      eventsPerSecond: (batches * batchSize) / seconds,
    },
    queries: queryResults,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const events = Number(process.argv[2] ?? 50_000);
  console.log(JSON.stringify(await runPipelineBench({ events }), null, 2));
}
