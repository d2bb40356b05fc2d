// SQL over the fixed-length latency histogram arrays, spelled out per slot so Postgres runs
// plain integer arithmetic and sum() aggregates (no per-row function calls on the read path).
import { LATENCY_BUCKET_BOUNDS_MS, LATENCY_BUCKET_COUNT } from "@edgegate/shared/latency";
import { type SQL, sql } from "drizzle-orm";

const slots = Array.from({ length: LATENCY_BUCKET_COUNT }, (_, i) => i + 1);

/**
 * `ARRAY[count(*) filter (where latency <= 1), count(*) filter (where latency > 1 and latency <= 2), …]`:
 * the histogram of a group of raw rows (an aggregate expression), slot i holding
 * bounds[i-1] < latency ≤ bounds[i] exactly as latencyBucketIndex assigns it.
 */
export function latencyHistogramSql(latencyMs: SQL): SQL {
  return sql`ARRAY[${sql.join(
    LATENCY_BUCKET_BOUNDS_MS.map((_, i) => {
      const lower =
        i === 0 ? sql`true` : sql`${latencyMs} > ${sql.raw(String(LATENCY_BUCKET_BOUNDS_MS[i - 1]))}`;
      return sql`count(*) filter (where ${lower} and ${latencyMs} <= ${sql.raw(String(LATENCY_BUCKET_BOUNDS_MS[i]))})`;
    }).concat(
      sql`count(*) filter (where ${latencyMs} > ${sql.raw(String(LATENCY_BUCKET_BOUNDS_MS.at(-1)))})`,
    ),
    sql`, `,
  )}]::bigint[]`;
}

/** `ARRAY[a[1] + b[1], …]`: adds two histograms element-wise. */
export function addHistograms(a: SQL, b: SQL): SQL {
  return sql`ARRAY[${sql.join(
    slots.map(
      (i) => sql`coalesce(${a}[${sql.raw(String(i))}], 0) + coalesce(${b}[${sql.raw(String(i))}], 0)`,
    ),
    sql`, `,
  )}]::integer[]`;
}

/** `ARRAY[sum(h[1]), …]`: the histogram of a group of rows (an aggregate expression). */
export function sumHistograms(column: SQL): SQL {
  return sql`ARRAY[${sql.join(
    slots.map((i) => sql`coalesce(sum(${column}[${sql.raw(String(i))}]), 0)`),
    sql`, `,
  )}]::bigint[]`;
}

/** The primary key of each rollup table (the ON CONFLICT target). */
const ROLLUP_KEYS = {
  detail: sql`organization_id, bucket, api_key_id, method, path, status`,
  keyHour: sql`organization_id, bucket, api_key_id`,
};

/**
 * The ON CONFLICT clause that merges a rollup row into an existing one (`target` is the INSERT's
 * alias; `detail` for the minute and hour tables, `keyHour` for usage_rollups_key_hour): every
 * counter, byte sum and histogram slot adds up.
 */
export function mergeRollupOnConflict(target: string, keys: keyof typeof ROLLUP_KEYS = "detail"): SQL {
  const t = sql.identifier(target);
  return sql`on conflict (${ROLLUP_KEYS[keys]}) do update set
    request_count = ${t}.request_count + excluded.request_count,
    error_count = ${t}.error_count + excluded.error_count,
    rate_limited_count = ${t}.rate_limited_count + excluded.rate_limited_count,
    billable_count = ${t}.billable_count + excluded.billable_count,
    fail_open_count = ${t}.fail_open_count + excluded.fail_open_count,
    request_bytes = ${t}.request_bytes + excluded.request_bytes,
    response_bytes = ${t}.response_bytes + excluded.response_bytes,
    latency_sum_ms = ${t}.latency_sum_ms + excluded.latency_sum_ms,
    latency_histogram = ${addHistograms(sql`${t}.latency_histogram`, sql`excluded.latency_histogram`)}`;
}
