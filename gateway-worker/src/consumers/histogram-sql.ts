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
