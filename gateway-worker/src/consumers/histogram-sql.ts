// SQL over the fixed-length latency histogram arrays, spelled out per slot so Postgres runs
// plain integer arithmetic and sum() aggregates (no per-row function calls on the read path).
import { LATENCY_BUCKET_COUNT } from "@edgegate/shared/latency";
import { type SQL, sql } from "drizzle-orm";

const slots = Array.from({ length: LATENCY_BUCKET_COUNT }, (_, i) => i + 1);

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

/**
 * The ON CONFLICT clause that merges a rollup row into an existing one (minute or hour table,
 * aliased `target` in the INSERT): every counter, byte sum and histogram slot adds up.
 */
export function mergeRollupOnConflict(target: "t" | "h"): SQL {
  const t = sql.raw(target);
  return sql`on conflict (organization_id, bucket, api_key_id, method, path, status) do update set
    request_count = ${t}.request_count + excluded.request_count,
    error_count = ${t}.error_count + excluded.error_count,
    rate_limited_count = ${t}.rate_limited_count + excluded.rate_limited_count,
    request_bytes = ${t}.request_bytes + excluded.request_bytes,
    response_bytes = ${t}.response_bytes + excluded.response_bytes,
    latency_sum_ms = ${t}.latency_sum_ms + excluded.latency_sum_ms,
    latency_histogram = ${addHistograms(sql`${t}.latency_histogram`, sql`excluded.latency_histogram`)}`;
}
