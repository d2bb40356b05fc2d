// Synthetic gateway traffic at any size, for analytics development and `pnpm bench`.
//
// Rows are drawn inside Postgres (generate_series + random(), seeded, so a size and an end time
// always give the same traffic) and stored by the consumer's own statement
// (storeEventsStatement, from @edgegate/gateway-worker/node): raw rows,
// minute rollups, key-hour totals, monthly usage and keys' last use come from the very SQL that
// stores real batches, so the numbers agree by construction. Minute rows older than three days
// are then folded into hours by the cron's own compaction (compactMinuteRollups).
//
// The shape: several organizations and keys with Zipf-like skew, a diurnal curve (peak 14:00
// UTC, trough 02:00, quieter weekends), a long tail of paths, ~5 % errors, log-normal latency
// that differs per endpoint, refusals that answer fast and upstream timeouts that do not.

import * as worker from "@edgegate/gateway-worker/node";
import type { SQL } from "drizzle-orm";
import { sql } from "drizzle-orm";
import pg from "pg";
import { ensureDatabase, migrateDatabase } from "./migrate.ts";
import { type NodeWorkerServices, nodeWorkerServices } from "./worker-services-node.ts";

/** Bump when the generated traffic changes: a database seeded by another version is not reused. */
export const SEED_VERSION = 1;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Rows per statement: large enough that per-statement overhead vanishes, small enough to show progress. */
const CHUNK_ROWS = 100_000;

export interface SeedTrafficOptions {
  databaseUrl: string;
  rows: number;
  days: number;
  orgs: number;
  keysPerOrg: number;
  /** Exclusive end of the traffic; default: the start of the current UTC hour. */
  end?: Date;
  onProgress?: (phase: "rows" | "compaction", done: number, total: number) => void;
}

export interface SeedTrafficResult {
  rows: number;
  from: string;
  to: string;
  organizations: string[];
  fingerprint: string;
  seconds: number;
}

export const SEED_DEFAULTS = { days: 30, orgs: 5, keysPerOrg: 8 } as const;

/** `--rows N [--database URL] [--days N] [--orgs N] [--keys-per-org N]`; throws a one-line Error. */
export function parseSeedTrafficArgs(
  argv: string[],
  env: Record<string, string | undefined>,
): Omit<SeedTrafficOptions, "onProgress"> {
  const values: Record<string, string> = {};
  const allowed = ["--rows", "--database", "--days", "--orgs", "--keys-per-org"];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [name, inline] = arg.includes("=")
      ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
      : [arg, undefined];
    if (!allowed.includes(name))
      throw new Error(`unknown argument "${arg}" (expected ${allowed.join(", ")})`);
    const value = inline ?? argv[++i];
    if (value === undefined || value.startsWith("--")) throw new Error(`${name} needs a value`);
    values[name] = value;
  }
  const integer = (name: string, min: number, max: number, fallback?: number): number => {
    const text = values[name];
    if (text === undefined) {
      if (fallback === undefined) throw new Error(`${name} is required, e.g. ${name} 1000000`);
      return fallback;
    }
    const n = Number(text.replaceAll("_", ""));
    if (!Number.isInteger(n) || n < min || n > max)
      throw new Error(`${name} must be a whole number from ${min} to ${max}, got "${text}"`);
    return n;
  };
  const databaseUrl =
    values["--database"] ?? env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/edgegate";
  if (!/^postgres(ql)?:\/\//.test(databaseUrl))
    throw new Error(`--database must be a postgres:// URL, got "${databaseUrl}"`);
  return {
    databaseUrl,
    rows: integer("--rows", 1, 100_000_000),
    days: integer("--days", 1, 30, SEED_DEFAULTS.days),
    orgs: integer("--orgs", 1, 1_000, SEED_DEFAULTS.orgs),
    keysPerOrg: integer("--keys-per-org", 1, 1_000, SEED_DEFAULTS.keysPerOrg),
  };
}

export function seedFingerprint(options: Pick<SeedTrafficOptions, "rows" | "days" | "orgs" | "keysPerOrg">) {
  return `edgegate-seed-traffic v${SEED_VERSION} rows=${options.rows} days=${options.days} orgs=${options.orgs} keys=${options.keysPerOrg}`;
}

/**
 * What a completed seed recorded on the database (its COMMENT): the fingerprint and the end of
 * the traffic, or null when the database does not exist or was not seeded to completion.
 */
export async function readSeed(databaseUrl: string): Promise<{ fingerprint: string; end: Date } | null> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    if ((error as { code?: string }).code === "3D000") return null; // no such database
    throw error;
  }
  try {
    const { rows } = await client.query<{ comment: string | null }>(
      "select shobj_description(oid, 'pg_database') as comment from pg_database where datname = current_database()",
    );
    const match = /^(edgegate-seed-traffic .*) end=(\S+)$/.exec(rows[0]?.comment ?? "");
    return match ? { fingerprint: match[1] as string, end: new Date(match[2] as string) } : null;
  } finally {
    await client.end();
  }
}

/** Requests per hour slot: the diurnal and weekly curve, scaled so the counts sum to `rows`. */
export function hourCounts(startMs: number, hours: number, rows: number): number[] {
  const weights = Array.from({ length: hours }, (_, i) => {
    const at = new Date(startMs + i * HOUR_MS);
    const diurnal = 1 + 0.7 * Math.sin((2 * Math.PI * (at.getUTCHours() - 8)) / 24);
    const weekend = at.getUTCDay() === 0 || at.getUTCDay() === 6 ? 0.6 : 1;
    return diurnal * weekend;
  });
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (w / sum) * rows);
  const counts = exact.map(Math.floor);
  // Largest remainders get the rows lost to rounding, so the total is exact.
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  const missing = rows - counts.reduce((a, b) => a + b, 0);
  for (let k = 0; k < missing; k++) {
    const i = (order[k % order.length] as readonly [number, number])[1];
    counts[i] = (counts[i] as number) + 1;
  }
  return counts;
}

const RESOURCES = ["users", "orders", "products", "invoices", "payments", "search", "carts", "reviews"];
const VERBS = ["items", "history", "events", "notes", "files", "links", "status", "settings"];
/** Normalized paths, most popular first: a handful of hot endpoints, then a long tail. */
export const SEED_PATHS: string[] = [
  ...RESOURCES.map((r) => `/v1/${r}`),
  ...RESOURCES.map((r) => `/v1/${r}/:id`),
  ...RESOURCES.flatMap((r) => VERBS.map((v) => `/v1/${r}/:id/${v}`)),
  ...RESOURCES.flatMap((r) => VERBS.flatMap((v) => ["a", "b", "c"].map((s) => `/v2/${r}/:id/${v}/${s}`))),
];

interface Db {
  execute<T = Record<string, unknown>>(query: SQL): Promise<{ rows: T[] }>;
}

/** Whose traffic: organizations by id, and each one's keys in order (the same count per organization). */
interface TrafficTenants {
  organizationIds: string[];
  keyIds: string[];
}

/** The generated events of some hour slots, as the store statement's input (STORE_INPUT_COLUMNS). */
function generatedInput(slots: { startMs: number; count: number }[], tenants: TrafficTenants): SQL {
  const keysPerOrg = tenants.keyIds.length / tenants.organizationIds.length;
  const textArray = (values: string[]) => `{${values.map((v) => `"${v}"`).join(",")}}`;
  const starts = `{${slots.map((s) => s.startMs).join(",")}}`;
  const counts = `{${slots.map((s) => s.count).join(",")}}`;
  const paths = `{${SEED_PATHS.map((p) => `"${p}"`).join(",")}}`;
  return sql`
    select id, created_at, organization_id, api_key_id, method, path, status, latency_ms, upstream_ttfb_ms,
      request_bytes, response_bytes, client_ip, country, user_agent, error_code, rate_limit_outcome,
      false as fail_open, ${worker.latencySlotSql(sql`latency_ms`)} as latency_slot,
      ${worker.isErrorSql(sql`status`)} as is_error, ${worker.isRefusedSql(sql`rate_limit_outcome`)} as is_refused,
      ${worker.isBillableSql(sql`upstream_ttfb_ms`)} as is_billable, 'seed' as message_id, 1 as attempts
    from (
      select
        -- A UUIDv7 carrying the row's millisecond, as the gateway mints them.
        (lpad(to_hex(ms), 12, '0') || '7' || substr(md5(random()::text), 1, 3)
          || to_hex(8 + floor(random() * 4)::int) || substr(md5(random()::text), 1, 15))::uuid as id,
        timestamptz 'epoch' + ms * interval '1 millisecond' as created_at,
        (${textArray(tenants.organizationIds)}::text[])[1 + org] as organization_id,
        case when status = 401 then null
          else (${textArray(tenants.keyIds)}::text[])[1 + org * ${keysPerOrg} + key] end as api_key_id,
        method, path, status,
        case when status in (401, 403, 429) then 1 + floor(r_fast * 3)::int
          when status = 504 then 30000 + floor(r_fast * 50)::int
          else least(59000, greatest(1, round(base_ms * exp(0.8 * z1))))::int end as latency_ms,
        case when status in (401, 403, 429, 504) then null
          else greatest(1, round(base_ms * exp(0.8 * z1) * 0.85))::int end as upstream_ttfb_ms,
        case when method in ('POST', 'PUT', 'PATCH') then 200 + floor(r_bytes * 4000)::bigint else 0 end as request_bytes,
        case when status in (204, 304) then 0 else least(5000000, round(1500 * exp(1.1 * z2)))::bigint end as response_bytes,
        '203.0.' || (org % 250) || '.' || (1 + floor(r_ip * 40)::int) as client_ip,
        (array['US','DE','GB','IN','FR','JP','BR','CA','NL','SG','AU','SE'])[1 + floor(12 * r_country ^ 2)::int] as country,
        (array['python-requests/2.32', 'node-fetch/3', 'curl/8.5', 'Go-http-client/2.0', 'okhttp/4.12'])[1 + floor(5 * r_ua)::int] as user_agent,
        case status when 401 then 'UNAUTHORIZED' when 403 then 'FORBIDDEN' when 429 then
          case when r_fast < 0.8 then 'RATE_LIMITED' else 'BURST_LIMITED' end
          when 502 then 'UPSTREAM_ERROR' when 504 then 'UPSTREAM_TIMEOUT' end as error_code,
        case status when 401 then 'skipped' when 429 then
          case when r_fast < 0.8 then 'rate_limited' else 'burst_limited' end else 'allowed' end as rate_limit_outcome
      from (
        select ms, org, key, path, method, status, r_fast, r_bytes, r_ip, r_country, r_ua,
          -- Endpoints differ: each path has its own median, 20–180 ms.
          20 + 20 * (path_i % 9) as base_ms,
          sqrt(-2 * ln(1 - u1)) * cos(2 * pi() * u2) as z1,
          sqrt(-2 * ln(1 - u1)) * sin(2 * pi() * u2) as z2
        from (
          select s.start_ms + floor(random() * ${HOUR_MS})::bigint as ms,
            floor(${tenants.organizationIds.length} * random() ^ 2)::int as org,
            floor(${keysPerOrg} * random() ^ 2)::int as key,
            floor(${SEED_PATHS.length} * random() ^ 3)::int as path_i,
            random() as r_method, random() as r_status, random() as r_fast, random() as u1, random() as u2,
            random() as r_bytes, random() as r_ip, random() as r_country, random() as r_ua
          from unnest(${starts}::bigint[], ${counts}::int[]) as s(start_ms, n), generate_series(1, s.n)
        ) d
        cross join lateral (select
          (${paths}::text[])[1 + d.path_i] as path,
          case when r_method < 0.70 then 'GET' when r_method < 0.88 then 'POST' when r_method < 0.94 then 'PUT'
            when r_method < 0.98 then 'DELETE' else 'PATCH' end as method,
          -- ~5 % errors (status >= 400), 1 % refused by the limiter.
          case when r_status < 0.850 then 200 when r_status < 0.900 then 201 when r_status < 0.920 then 204
            when r_status < 0.950 then 304 when r_status < 0.962 then 400 when r_status < 0.967 then 401
            when r_status < 0.970 then 403 when r_status < 0.980 then 404 when r_status < 0.990 then 429
            when r_status < 0.996 then 500 when r_status < 0.998 then 502 when r_status < 0.999 then 503
            else 504 end::smallint as status) p
      ) shaped
    ) events`;
}

/** `days` whole days ending at the start of `end`'s UTC hour (default: now). */
function hourWindow(endOption: Date | undefined, days: number): { start: Date; end: Date } {
  const end = new Date(Math.floor((endOption ?? new Date()).getTime() / HOUR_MS) * HOUR_MS);
  return { start: new Date(end.getTime() - days * DAY_MS), end };
}

/** Whether any request is stored (raw or rolled up), in the whole database or one organization's. */
async function hasTraffic(db: Db, organizationId?: string): Promise<boolean> {
  const scope = organizationId === undefined ? sql`true` : sql`organization_id = ${organizationId}`;
  const { rows } = await db.execute<{ found: boolean }>(
    sql`select exists (select 1 from request_logs where ${scope})
      or exists (select 1 from usage_rollups_minute where ${scope})
      or exists (select 1 from usage_rollups_hour where ${scope}) as found`,
  );
  return rows[0]?.found === true;
}

/**
 * Generates `rows` requests between `start` and `end` (whole hours) for the tenants, stored by
 * the consumer's own statement, then compacts minute rollups as the hourly cron would have.
 */
async function generateTraffic(
  services: NodeWorkerServices["services"],
  options: {
    tenants: TrafficTenants;
    rows: number;
    start: Date;
    end: Date;
    onProgress?: SeedTrafficOptions["onProgress"];
  },
): Promise<void> {
  const { start, end } = options;
  const db = (services.database as { db: Db }).db;
  const days = Math.round((end.getTime() - start.getTime()) / DAY_MS);
  await db.execute(
    sql`select edgegate_ensure_request_log_partitions(${start.toISOString()}::date, ${days + 1})`,
  );
  await db.execute(sql`select setseed(0.4242)`);

  const hours = Math.round((end.getTime() - start.getTime()) / HOUR_MS);
  const counts = hourCounts(start.getTime(), hours, options.rows);
  let done = 0;
  options.onProgress?.("rows", 0, options.rows);
  for (let h = 0; h < hours; ) {
    const slots: { startMs: number; count: number }[] = [];
    let chunk = 0;
    while (h < hours && (chunk === 0 || chunk + (counts[h] as number) <= CHUNK_ROWS)) {
      slots.push({ startMs: start.getTime() + h * HOUR_MS, count: counts[h] as number });
      chunk += counts[h] as number;
      h++;
    }
    await db.execute(
      worker.storeEventsStatement(
        "request-logs",
        generatedInput(slots, options.tenants),
        sql`select null::text, null::text, null::text, null::jsonb, null::text, null::int where false`,
      ),
    );
    done += chunk;
    options.onProgress?.("rows", done, options.rows);
  }

  // What the hourly cron would have done by `end`: minutes older than three days become hours.
  options.onProgress?.("compaction", 0, 1);
  await worker.compactMinuteRollups(services, end.getTime());
}

/** Fills an empty database with `rows` requests over the `days` before `end`. */
export async function seedTraffic(options: SeedTrafficOptions): Promise<SeedTrafficResult> {
  const started = performance.now();
  await ensureDatabase(options.databaseUrl);
  await migrateDatabase(options.databaseUrl);
  const { start, end } = hourWindow(options.end, options.days);

  // One connection: the session's random() seed then governs every draw.
  const node = nodeWorkerServices(options.databaseUrl, { poolSize: 1 });
  try {
    const db = (node.services.database as { db: Db }).db;
    if (await hasTraffic(db)) {
      const name = new URL(options.databaseUrl).pathname.slice(1);
      throw new Error(
        `database "${name}" already holds request logs or rollups; seed an empty database (--database) or drop this one first`,
      );
    }

    const organizations = Array.from({ length: options.orgs }, (_, o) => `org_seed_${o}`);
    const keyIds = organizations.flatMap((_, o) =>
      Array.from({ length: options.keysPerOrg }, (_, k) => `key_seed_${o}_${k}`),
    );
    await db.execute(sql`
      insert into organizations (id, name, slug, plan)
      select 'org_seed_' || o, 'Seed organization ' || o, 'seed-' || o, 'PRO' from generate_series(0, ${options.orgs - 1}) o
      on conflict do nothing`);
    await db.execute(sql`
      insert into api_keys (id, organization_id, name, key_hash, display_prefix, scopes)
      select 'key_seed_' || o || '_' || k, 'org_seed_' || o, 'Seed key ' || k, 'seed-hash-' || o || '-' || k,
        'ak_seed', '{*}'
      from generate_series(0, ${options.orgs - 1}) o, generate_series(0, ${options.keysPerOrg - 1}) k
      on conflict do nothing`);
    await generateTraffic(node.services, {
      tenants: { organizationIds: organizations, keyIds },
      rows: options.rows,
      start,
      end,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    await db.execute(sql`vacuum analyze request_logs`);
    await db.execute(sql`vacuum analyze usage_rollups_minute`);
    await db.execute(sql`vacuum analyze usage_rollups_hour`);
    await db.execute(sql`vacuum analyze usage_rollups_key_hour`);
    options.onProgress?.("compaction", 1, 1);

    const fingerprint = seedFingerprint(options);
    const name = new URL(options.databaseUrl).pathname.slice(1);
    await db.execute(
      sql.raw(
        `comment on database "${name.replaceAll('"', "")}" is '${fingerprint} end=${end.toISOString()}'`,
      ),
    );
    return {
      rows: options.rows,
      from: start.toISOString(),
      to: end.toISOString(),
      organizations,
      fingerprint,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await node.close();
  }
}

export interface DemoTrafficOptions {
  databaseUrl: string;
  organizationId: string;
  /** The organization's keys, busiest first (the generator's skew gives the first about half). */
  keyIds: string[];
  rows: number;
  days: number;
  /** Exclusive end of the traffic; default: the start of the current UTC hour. */
  end?: Date;
}

/**
 * A realistic stretch of traffic for one existing organization and its keys, through the same
 * generator and store statement as `seedTraffic` (a daily rhythm, ~5 % errors, rate-limited and
 * unauthenticated refusals). Adds nothing when the organization already has traffic, so it can
 * only ever fill an empty demo; returns how many requests it stored.
 */
export async function seedDemoTraffic(options: DemoTrafficOptions): Promise<number> {
  const { start, end } = hourWindow(options.end, options.days);
  const node = nodeWorkerServices(options.databaseUrl, { poolSize: 1 });
  try {
    const db = (node.services.database as { db: Db }).db;
    if (await hasTraffic(db, options.organizationId)) return 0;
    await generateTraffic(node.services, {
      tenants: { organizationIds: [options.organizationId], keyIds: options.keyIds },
      rows: options.rows,
      start,
      end,
    });
    return options.rows;
  } finally {
    await node.close();
  }
}
