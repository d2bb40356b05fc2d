// The analytics benchmark: the 30-day summary and day time series of the busiest organization,
// from rollups (what the admin API serves) and the same answer computed from raw request_logs
// (asserted equal, number for number), plus one log-explorer page — at each size of seeded
// traffic (1M and 10M raw rows in the full run). Seeded databases are kept and reused while
// their fingerprint (row count, shape and seed version) matches; the output says so.
//
// `runAnalyticsBench(options)` is called through bench/src/analytics-report.ts (which also runs
// it alone).
import { isDeepStrictEqual } from "node:util";
import { readSeed, SEED_DEFAULTS, seedFingerprint, seedTraffic } from "@edgegate/dev/seed-traffic";
import { nodeWorkerServices } from "@edgegate/dev/worker-services-node";
import * as worker from "@edgegate/gateway-worker/node";
import pg from "pg";

const DAY_MS = 86_400_000;
export const FULL_SIZES = [1_000_000, 10_000_000];
export const QUICK_SIZES = [50_000];
/** The busiest seeded organization (the seed's skew gives it ~45 % of all rows). */
const ORG = "org_seed_0";

export interface QueryTiming {
  runs: number;
  p50Ms: number;
  p95Ms: number;
}

export interface AnalyticsSizeResult {
  rawRows: number;
  /** Rows of the measured organization in the range (what the raw computation reads). */
  organizationRows: number;
  database: string;
  reusedSeed: boolean;
  seedSeconds: number | null;
  range: { from: string; to: string };
  queries: {
    summary: { rollups: QueryTiming; raw: QueryTiming; speedupP50: number; speedupP95: number };
    timeSeries: { rollups: QueryTiming; raw: QueryTiming; speedupP50: number; speedupP95: number };
    logPage: QueryTiming;
    /** A page 15 days deep (keyset cursor): costs the same as the first. */
    logPageDeep: QueryTiming;
  };
  /** The rollup and raw answers were compared with deep equality (the run fails otherwise). */
  answersEqual: true;
}

export interface AnalyticsBenchResult {
  sizes: AnalyticsSizeResult[];
  /** p95 at the largest size over p95 at the smallest, per rollup query (1 = flat). */
  growth: { summaryP95: number; timeSeriesP95: number; logPageP95: number } | null;
  targets: {
    atRawRows: number;
    p95MaxMs: number;
    minSpeedup: number;
    logPageP95MaxMs: number;
    /** null when no size reached atRawRows (e.g. --quick). */
    met: boolean | null;
  };
}

export interface AnalyticsBenchOptions {
  sizes: number[];
  /** Timed runs per rollup query (raw queries run fewer: they take seconds). */
  runs: number;
  rawRuns: number;
  baseUrl?: string;
  log?: (message: string) => void;
}

function databaseFor(baseUrl: string, rows: number): string {
  const url = new URL(baseUrl);
  const label =
    rows % 1_000_000 === 0 ? `${rows / 1_000_000}m` : rows % 1_000 === 0 ? `${rows / 1_000}k` : `${rows}`;
  url.pathname = `/edgegate_bench_analytics_${label}`;
  return url.toString();
}

async function dropDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  url.pathname = "/postgres";
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(`drop database if exists "${name}" with (force)`);
  } finally {
    await client.end();
  }
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
}
const round2 = (n: number) => Math.round(n * 100) / 100;

async function time(runs: number, run: () => Promise<unknown>): Promise<QueryTiming> {
  await run(); // warm-up: plans, caches
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { runs, p50Ms: round2(percentile(times, 0.5)), p95Ms: round2(percentile(times, 0.95)) };
}

/** Seeds (or reuses) the database for `rows` and times the queries on it. */
async function benchSize(rows: number, options: AnalyticsBenchOptions): Promise<AnalyticsSizeResult> {
  const log = options.log ?? (() => {});
  const databaseUrl = databaseFor(
    options.baseUrl ??
      process.env.BENCH_ANALYTICS_DATABASE_URL ??
      "postgres://postgres@127.0.0.1:5432/postgres",
    rows,
  );
  const database = new URL(databaseUrl).pathname.slice(1);
  const shape = { rows, ...SEED_DEFAULTS };
  const wanted = seedFingerprint(shape);
  let seed = await readSeed(databaseUrl);
  let seedSeconds: number | null = null;
  const reusedSeed = seed?.fingerprint === wanted;
  if (reusedSeed) {
    log(`analytics ${rows} rows: reusing ${database} (${wanted}, seeded up to ${seed?.end.toISOString()})`);
  } else {
    log(`analytics ${rows} rows: seeding ${database} (${wanted}); it is kept for later runs`);
    await dropDatabase(databaseUrl);
    let lastLogged = 0;
    const result = await seedTraffic({
      databaseUrl,
      ...shape,
      onProgress(phase, done, total) {
        if (Date.now() - lastLogged > 15_000 || done === total) {
          lastLogged = Date.now();
          log(`  seeding ${phase}: ${done}/${total}`);
        }
      },
    });
    seedSeconds = round2(result.seconds);
    seed = await readSeed(databaseUrl);
    log(`analytics ${rows} rows: seeded in ${seedSeconds} s`);
  }
  if (!seed) throw new Error(`${database}: the seed left no fingerprint`);

  const node = nodeWorkerServices(databaseUrl, { poolSize: 2 });
  try {
    const db = (node.services.database as { db: unknown }).db;
    // The seed's last 30 days: whole hours at both ends, so rollups and raw rows cover exactly
    // the same requests.
    const to = seed.end;
    const from = new Date(to.getTime() - 30 * DAY_MS);
    const input = { from: from.toISOString(), to: to.toISOString() };
    const range = worker.parseAnalyticsQuery(worker.analyticsRangeSchema, input);
    const seriesQuery = worker.parseAnalyticsQuery(worker.timeSeriesQuerySchema, input);
    const logQuery = worker.parseAnalyticsQuery(worker.logQuerySchema, { ...input, limit: 50 });
    const deepCursor = worker.encodeCursor({
      createdAtMs: to.getTime() - 15 * DAY_MS,
      id: "ffffffff-ffff-7fff-bfff-ffffffffffff",
    });
    const deepLogQuery = worker.parseAnalyticsQuery(worker.logQuerySchema, {
      ...input,
      limit: 50,
      cursor: deepCursor,
    });
    const logPage = (query: unknown) => async () => {
      const page = await worker.queryLogs(db, ORG, query);
      if (page.entries.length !== 50) throw new Error(`log page held ${page.entries.length} rows, not 50`);
    };

    const fromRollups = {
      summary: () => worker.querySummary(db, ORG, range),
      timeSeries: () => worker.queryTimeSeries(db, ORG, seriesQuery),
    };
    const fromRaw = {
      summary: () => worker.querySummary(db, ORG, range, worker.rawTotalRows),
      timeSeries: () => worker.queryTimeSeries(db, ORG, seriesQuery, worker.rawTotalRows),
    };
    for (const name of ["summary", "timeSeries"] as const) {
      const [a, b] = [await fromRollups[name](), await fromRaw[name]()];
      if (!isDeepStrictEqual(a, b)) {
        throw new Error(
          `${database}: ${name} from rollups differs from raw rows:\nrollups ${JSON.stringify(a)}\nraw     ${JSON.stringify(b)}`,
        );
      }
    }
    const counted = (await worker.querySummary(db, ORG, range)) as { current: { totalRequests: number } };
    log(
      `analytics ${rows} rows: rollup and raw answers equal (${counted.current.totalRequests} requests of ${ORG})`,
    );

    const measure = async (name: "summary" | "timeSeries") => {
      const rollups = await time(options.runs, fromRollups[name]);
      const raw = await time(options.rawRuns, fromRaw[name]);
      return {
        rollups,
        raw,
        speedupP50: round2(raw.p50Ms / rollups.p50Ms),
        speedupP95: round2(raw.p95Ms / rollups.p95Ms),
      };
    };
    const result: AnalyticsSizeResult = {
      rawRows: rows,
      organizationRows: counted.current.totalRequests,
      database,
      reusedSeed,
      seedSeconds,
      range: input,
      queries: {
        summary: await measure("summary"),
        timeSeries: await measure("timeSeries"),
        logPage: await time(options.runs, logPage(logQuery)),
        logPageDeep: await time(options.runs, logPage(deepLogQuery)),
      },
      answersEqual: true,
    };
    log(`analytics ${rows} rows: ${JSON.stringify(result.queries)}`);
    return result;
  } finally {
    await node.close();
  }
}

export async function runAnalyticsBench(options: AnalyticsBenchOptions): Promise<AnalyticsBenchResult> {
  const sizes: AnalyticsSizeResult[] = [];
  for (const rows of options.sizes) sizes.push(await benchSize(rows, options));
  const first = sizes[0];
  const last = sizes.at(-1);
  const growth =
    first && last && first !== last
      ? {
          summaryP95: round2(last.queries.summary.rollups.p95Ms / first.queries.summary.rollups.p95Ms),
          timeSeriesP95: round2(
            last.queries.timeSeries.rollups.p95Ms / first.queries.timeSeries.rollups.p95Ms,
          ),
          logPageP95: round2(last.queries.logPage.p95Ms / first.queries.logPage.p95Ms),
        }
      : null;
  // The targets hold at 10 million raw rows (smaller sizes are reported, not judged).
  const targets = { atRawRows: 10_000_000, p95MaxMs: 100, minSpeedup: 20, logPageP95MaxMs: 50 };
  const judged = sizes.filter((s) => s.rawRows >= targets.atRawRows);
  const met =
    judged.length === 0
      ? null
      : judged.every(
          (s) =>
            s.queries.summary.rollups.p95Ms <= targets.p95MaxMs &&
            s.queries.timeSeries.rollups.p95Ms <= targets.p95MaxMs &&
            s.queries.summary.speedupP95 >= targets.minSpeedup &&
            s.queries.timeSeries.speedupP95 >= targets.minSpeedup &&
            s.queries.logPage.p95Ms <= targets.logPageP95MaxMs &&
            s.queries.logPageDeep.p95Ms <= targets.logPageP95MaxMs,
        );
  return { sizes, growth, targets: { ...targets, met } };
}

/** `--quick`, `--sizes 1000000,10000000`; throws a one-line Error on anything else. */
export function parseAnalyticsArgs(argv: string[]): { quick: boolean; sizes: number[] | null } {
  let quick = false;
  let sizes: number[] | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--quick") quick = true;
    else if (arg === "--sizes" || arg.startsWith("--sizes=")) {
      const text = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : argv[++i];
      const parsed = (text ?? "").split(",").map((s) => Number(s.replaceAll("_", "")));
      if (!text || parsed.some((n) => !Number.isInteger(n) || n < 1_000 || n > 100_000_000))
        throw new Error(
          `--sizes takes row counts from 1000 to 100000000 separated by commas, got "${text ?? ""}"`,
        );
      sizes = parsed;
    } else throw new Error(`unknown argument "${arg}" (expected --quick, --sizes N,N)`);
  }
  return { quick, sizes };
}
