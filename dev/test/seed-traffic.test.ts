// The traffic seed generator (`pnpm db:seed-traffic`) at a small size: raw rows, rollups,
// key-hour totals and usage agree; the traffic has the promised shape; a seeded database is
// refused and fingerprinted; bad flags fail with one line.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  hourCounts,
  parseSeedTrafficArgs,
  readSeed,
  SEED_PATHS,
  seedDemoTraffic,
  seedFingerprint,
  seedTraffic,
} from "../src/seed-traffic.ts";
import { testSettings } from "../src/test-settings.ts";

const ROWS = 5_000;
const SHAPE = { rows: ROWS, days: 7, orgs: 3, keysPerOrg: 4 };
const databaseUrl = `${testSettings().databaseUrl}_seed_traffic`;
const progress: { phase: string; done: number; total: number }[] = [];
let client: pg.Client;

async function dropDatabase() {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  url.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  await admin.query(`drop database if exists "${name}" with (force)`);
  await admin.end();
}

async function one(query: string): Promise<Record<string, number | undefined>> {
  const { rows } = await client.query(query);
  return Object.fromEntries(Object.entries(rows[0] ?? {}).map(([k, v]) => [k, Number(v)]));
}

beforeAll(async () => {
  await dropDatabase();
  await seedTraffic({
    databaseUrl,
    ...SHAPE,
    onProgress: (phase, done, total) => progress.push({ phase, done, total }),
  });
  client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
}, 180_000);

afterAll(async () => {
  await client?.end();
  await dropDatabase();
});

describe("seed traffic", () => {
  it("stores every row once, with rollups, key-hour totals and usage that agree", async () => {
    const raw = await one(`select count(*) as n, count(*) filter (where status >= 400) as errors,
      count(*) filter (where rate_limit_outcome in ('rate_limited', 'burst_limited', 'quota_exceeded')) as refused,
      sum(request_bytes) as req, sum(response_bytes) as res, sum(latency_ms) as latency from request_logs`);
    expect(raw.n).toBe(ROWS);
    const sums = `sum(request_count) as n, sum(error_count) as errors, sum(rate_limited_count) as refused,
      sum(request_bytes) as req, sum(response_bytes) as res, sum(latency_sum_ms) as latency`;
    const detail = await one(
      `select ${sums} from (select * from usage_rollups_minute union all select * from usage_rollups_hour) r`,
    );
    const keyHour = await one(`select ${sums} from usage_rollups_key_hour`);
    expect(detail).toEqual(raw);
    expect(keyHour).toEqual(raw);
    // Histograms hold every request once.
    const histogram = await one(
      "select sum(h) as n from usage_rollups_key_hour, unnest(latency_histogram) h",
    );
    expect(histogram.n).toBe(ROWS);
    // Only billable requests (the upstream answered) are in the usage and the billing ledger.
    const usage = await one(
      "select sum(request_count) as n, sum(bandwidth_bytes) as bytes from usage_records",
    );
    const billable =
      await one(`select count(*) as n, sum(request_bytes + response_bytes) as bytes from request_logs
      where upstream_ttfb_ms is not null`);
    expect(usage).toEqual(billable);
    const ledger = await one(`select (select sum(billable_count) from usage_rollups_key_hour) as n,
      (select sum(billable_count) from (select billable_count from usage_rollups_minute
        union all select billable_count from usage_rollups_hour) r) as detail`);
    expect(ledger).toEqual({ n: billable.n, detail: billable.n });
    // Per organization too, and each key's last use is its latest request.
    const { rows: perOrg } =
      await client.query(`select organization_id, count(*)::int as n from request_logs group by 1
      except select organization_id, sum(request_count)::int from usage_rollups_key_hour group by 1`);
    expect(perOrg).toEqual([]);
    const { rows: lastUse } = await client.query(`select k.id from api_keys k
      join (select api_key_id, max(created_at) as at from request_logs group by 1) m on m.api_key_id = k.id
      where k.last_used_at is distinct from m.at`);
    expect(lastUse).toEqual([]);
  });

  it("folds minutes older than three days into hours, as the cron does", async () => {
    const seed = await readSeed(databaseUrl);
    const cutoff = (seed?.end.getTime() ?? 0) - 3 * 86_400_000;
    const { oldestMinute, hours } = await one(`select
      extract(epoch from (select min(bucket) from usage_rollups_minute)) * 1000 as "oldestMinute",
      (select count(*) from usage_rollups_hour) as hours`);
    expect(oldestMinute).toBeGreaterThanOrEqual(cutoff);
    expect(hours).toBeGreaterThan(0);
  });

  it("has a diurnal curve, ~5 % errors, skewed organizations and a long tail of paths", async () => {
    const byHour = await one(`select
      count(*) filter (where extract(hour from created_at at time zone 'UTC') between 12 and 16) as peak,
      count(*) filter (where extract(hour from created_at at time zone 'UTC') between 0 and 4) as trough
      from request_logs`);
    expect(Number(byHour.peak) / Number(byHour.trough)).toBeGreaterThan(2.5);

    const errors = await one("select avg((status >= 400)::int) as share from request_logs");
    expect(errors.share).toBeGreaterThan(0.03);
    expect(errors.share).toBeLessThan(0.08);

    const { rows: orgs } = await client.query<{ n: number }>(
      "select count(*)::int as n from request_logs group by organization_id order by organization_id",
    );
    expect(orgs).toHaveLength(SHAPE.orgs);
    expect(orgs[0]?.n).toBeGreaterThan(Math.max(...orgs.slice(1).map((o) => o.n)));

    const paths = await one(`select count(distinct path) as distinct_paths,
      max(n)::float / sum(n) as top_share,
      sum(n) filter (where rank > 10)::float / sum(n) as tail_share
      from (select path, count(*) as n, rank() over (order by count(*) desc) as rank from request_logs group by 1) p`);
    expect(paths.distinct_paths).toBeGreaterThan(SEED_PATHS.length / 3);
    expect(paths.top_share).toBeGreaterThan(0.1);
    expect(paths.tail_share).toBeGreaterThan(0.2);

    const latency = await one(`select percentile_disc(0.5) within group (order by latency_ms) as p50,
      percentile_disc(0.99) within group (order by latency_ms) as p99 from request_logs`);
    expect(latency.p50).toBeGreaterThan(10);
    expect(latency.p50).toBeLessThan(300);
    expect(latency.p99).toBeGreaterThan(4 * Number(latency.p50));
  });

  it("reports progress up to every row, then the compaction", () => {
    const rows = progress.filter((p) => p.phase === "rows");
    expect(rows.at(0)?.done).toBe(0);
    expect(rows.at(-1)).toEqual({ phase: "rows", done: ROWS, total: ROWS });
    expect(rows.every((p, i) => i === 0 || p.done >= (rows[i - 1]?.done ?? 0))).toBe(true);
    expect(progress.at(-1)).toEqual({ phase: "compaction", done: 1, total: 1 });
  });

  it("fingerprints the database and refuses to seed it again", async () => {
    expect((await readSeed(databaseUrl))?.fingerprint).toBe(seedFingerprint(SHAPE));
    await expect(seedTraffic({ databaseUrl, ...SHAPE })).rejects.toThrow(/already holds request logs/);
    expect(await one("select count(*) as n from request_logs")).toEqual({ n: ROWS });
  });

  it("spreads rows over hours exactly, busier by day than by night", () => {
    const start = Date.UTC(2026, 10, 2); // a Monday
    const counts = hourCounts(start, 24 * 7, 100_003);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(100_003);
    expect(counts[14]).toBeGreaterThan(4 * (counts[2] as number));
    expect(counts[5 * 24 + 14]).toBeLessThan(counts[14] as number); // Saturday afternoon
  });
});

// The first `pnpm dev`'s demo week: the same generator, into one existing organization's keys.
describe("demo traffic for one organization", () => {
  const DEMO_ORG = "org_demo_traffic";
  const DEMO_KEYS = ["key_demo_traffic_a", "key_demo_traffic_b", "key_demo_traffic_c"];
  const DEMO_ROWS = 3_000;
  const end = new Date(Date.UTC(2026, 10, 9, 12)); // a week of Monday-to-Monday hours
  let stored = 0;

  beforeAll(async () => {
    await client.query(
      `insert into organizations (id, name, slug, plan) values ($1, 'Demo traffic', 'demo-traffic', 'PRO')`,
      [DEMO_ORG],
    );
    for (const id of DEMO_KEYS)
      await client.query(
        `insert into api_keys (id, organization_id, name, key_hash, display_prefix, scopes)
          values ($1, $2, $1, $1, 'ak_demo', '{*}')`,
        [id, DEMO_ORG],
      );
    stored = await seedDemoTraffic({
      databaseUrl,
      organizationId: DEMO_ORG,
      keyIds: DEMO_KEYS,
      rows: DEMO_ROWS,
      days: 7,
      end,
    });
  }, 120_000);

  it("stores a week of that organization's requests on its own keys, with errors and refusals", async () => {
    expect(stored).toBe(DEMO_ROWS);
    const raw = await one(`select count(*) as n, count(distinct api_key_id) as keys,
      count(*) filter (where api_key_id is null) as unauthenticated,
      count(*) filter (where status >= 500) as server_errors,
      count(*) filter (where rate_limit_outcome in ('rate_limited', 'burst_limited')) as rate_limited,
      count(distinct floor((extract(epoch from created_at) * 1000 - ${end.getTime() - 7 * 86_400_000}) / 86400000)) as days,
      extract(epoch from min(created_at)) * 1000 as first_ms, extract(epoch from max(created_at)) * 1000 as last_ms
      from request_logs where organization_id = '${DEMO_ORG}'`);
    expect(raw.n).toBe(DEMO_ROWS);
    expect(raw.keys).toBe(DEMO_KEYS.length);
    expect(raw.unauthenticated).toBeGreaterThan(0);
    expect(raw.server_errors).toBeGreaterThan(0);
    expect(raw.rate_limited).toBeGreaterThan(0);
    expect(raw.days).toBe(7);
    expect(raw.first_ms).toBeGreaterThanOrEqual(end.getTime() - 7 * 86_400_000);
    expect(raw.last_ms).toBeLessThan(end.getTime());
    const { rows } = await client.query<{ api_key_id: string }>(
      `select distinct api_key_id from request_logs where organization_id = $1 and api_key_id is not null`,
      [DEMO_ORG],
    );
    expect(rows.map((r) => r.api_key_id).sort()).toEqual([...DEMO_KEYS].sort());
    // What the charts read: the rollups count the same requests.
    const rolled =
      await one(`select (select coalesce(sum(request_count), 0) from usage_rollups_minute where organization_id = '${DEMO_ORG}')
      + (select coalesce(sum(request_count), 0) from usage_rollups_hour where organization_id = '${DEMO_ORG}') as n`);
    expect(rolled.n).toBe(DEMO_ROWS);
  });

  it("has the daily rhythm: afternoons busier than nights", async () => {
    const byHour =
      await one(`select count(*) filter (where extract(hour from created_at at time zone 'UTC') between 12 and 16) as afternoon,
      count(*) filter (where extract(hour from created_at at time zone 'UTC') between 0 and 4) as night
      from request_logs where organization_id = '${DEMO_ORG}'`);
    expect(byHour.afternoon).toBeGreaterThan(2 * (byHour.night as number));
  });

  it("adds nothing to an organization that already has traffic, and leaves the others alone", async () => {
    expect(
      await seedDemoTraffic({
        databaseUrl,
        organizationId: DEMO_ORG,
        keyIds: DEMO_KEYS,
        rows: DEMO_ROWS,
        days: 7,
        end,
      }),
    ).toBe(0);
    expect(await one(`select count(*) as n from request_logs where organization_id = '${DEMO_ORG}'`)).toEqual(
      {
        n: DEMO_ROWS,
      },
    );
    expect(
      await one(`select count(*) as n from request_logs where organization_id <> '${DEMO_ORG}'`),
    ).toEqual({
      n: ROWS,
    });
  });
});

describe("seed traffic flags", () => {
  const parse = (argv: string[]) => parseSeedTrafficArgs(argv, {});

  it("reads sizes, defaults and the database", () => {
    expect(parse(["--rows", "10_000_000"])).toMatchObject({
      rows: 10_000_000,
      days: 30,
      orgs: 5,
      keysPerOrg: 8,
    });
    expect(parse(["--rows=5000", "--days", "7", "--orgs=2", "--database", "postgres://h/db"])).toMatchObject({
      rows: 5_000,
      days: 7,
      orgs: 2,
      databaseUrl: "postgres://h/db",
    });
  });

  it.each([
    [[], "--rows is required"],
    [["--rows", "lots"], '--rows must be a whole number from 1 to 100000000, got "lots"'],
    [["--rows", "0"], "--rows must be a whole number"],
    [["--rows", "10", "--days", "31"], "--days must be a whole number from 1 to 30"],
    [["--rows", "10", "--orgs"], "--orgs needs a value"],
    [["--rows", "10", "--fast"], 'unknown argument "--fast"'],
    [["--rows", "10", "--database", "mysql://x"], "--database must be a postgres:// URL"],
  ])("refuses %j with one line", (argv, message) => {
    expect(() => parse(argv)).toThrow(message);
    try {
      parse(argv);
    } catch (error) {
      expect((error as Error).message).not.toContain("\n");
    }
  });

  it("exits 2 with one line on stderr from the command", () => {
    const cli = fileURLToPath(new URL("../src/seed-traffic-cli.ts", import.meta.url));
    const result = spawnSync(process.execPath, [cli, "--rows", "-5"], { encoding: "utf8" });
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe(
      'db:seed-traffic: --rows must be a whole number from 1 to 100000000, got "-5"',
    );
  });
});
