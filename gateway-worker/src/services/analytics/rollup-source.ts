// The rollup rows of one organization in a time range: minute rows for recent data and hour
// rows for data compacted by the cron (a row lives in exactly one of the two tables, so the
// union never double counts). Hour rows count whole: a range edge inside a compacted hour
// includes or excludes that hour by its start.
import { type SQL, sql } from "drizzle-orm";

export interface RollupScope {
  organizationId: string;
  from: Date;
  to: Date;
  keyId?: string | undefined;
}

function filtered(table: "usage_rollups_minute" | "usage_rollups_hour", scope: RollupScope): SQL {
  return sql`select bucket, api_key_id, method, path, status, request_count, error_count, rate_limited_count,
      request_bytes, response_bytes, latency_sum_ms, latency_histogram
    from ${sql.identifier(table)}
    where organization_id = ${scope.organizationId}
      and bucket >= ${scope.from.toISOString()}::timestamptz
      and bucket < ${scope.to.toISOString()}::timestamptz
      ${scope.keyId === undefined ? sql`` : sql`and api_key_id = ${scope.keyId}`}`;
}

/** A subquery (use as `from ${rollupRows(scope)} r`). */
export function rollupRows(scope: RollupScope): SQL {
  return sql`(${filtered("usage_rollups_minute", scope)} union all ${filtered("usage_rollups_hour", scope)})`;
}

/** Postgres returns sums as bigint/numeric strings; arrays of them too. */
export const toNumber = (value: unknown): number =>
  value === null || value === undefined ? 0 : Number(value);
export const toHistogram = (value: unknown): number[] =>
  Array.isArray(value) ? value.map(toNumber) : typeof value === "string" ? parsePgArray(value) : [];

function parsePgArray(text: string): number[] {
  const inner = text.replace(/^\{|\}$/g, "");
  return inner === "" ? [] : inner.split(",").map(Number);
}
