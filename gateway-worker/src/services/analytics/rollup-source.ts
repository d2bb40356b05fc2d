// The rollup rows of one organization (or of all, for the operator console) in a time range: minute rows for recent data and hour
// rows for data compacted by the cron (a row lives in exactly one of the two tables, so the
// union never double counts). Hour rows count whole: a range edge inside a compacted hour
// includes or excludes that hour by its start.
//
// Totals (summary, hour/day time series) need no method/path/status detail: `totalRows` reads
// whole hours from usage_rollups_key_hour (one row per key and hour) and only the partial hours
// at the range's edges from the detail tables — the same numbers as summing the detail rows,
// at a cost that grows with hours × keys instead of with traffic.
import { type SQL, sql } from "drizzle-orm";
import { latencyHistogramSql } from "../../db/histogram-sql.ts";
import { isErrorSql, isRefusedSql, NO_KEY } from "../../db/request-log-rollups.ts";

/**
 * Every organization at once: the operator console's platform-wide view. A symbol rather than
 * null or "", so no organization-scoped caller can ask for it by passing an empty value.
 */
export const ALL_ORGANIZATIONS: unique symbol = Symbol("all organizations");
export type OrganizationScope = string | typeof ALL_ORGANIZATIONS;

export interface RollupScope {
  organizationId: OrganizationScope;
  from: Date;
  to: Date;
  keyId?: string | undefined;
}

/** The organization filter of a scope (`true` for the whole platform). */
export function organizationFilter(organizationId: OrganizationScope): SQL {
  return organizationId === ALL_ORGANIZATIONS ? sql`true` : sql`organization_id = ${organizationId}`;
}

function filtered(table: "usage_rollups_minute" | "usage_rollups_hour", scope: RollupScope): SQL {
  return sql`select organization_id, bucket, api_key_id, method, path, status, request_count, error_count, rate_limited_count,
      fail_open_count, request_bytes, response_bytes, latency_sum_ms, latency_histogram
    from ${sql.identifier(table)}
    where ${organizationFilter(scope.organizationId)}
      and bucket >= ${scope.from.toISOString()}::timestamptz
      and bucket < ${scope.to.toISOString()}::timestamptz
      ${scope.keyId === undefined ? sql`` : sql`and api_key_id = ${scope.keyId}`}`;
}

/** A subquery (use as `from ${rollupRows(scope)} r`). */
export function rollupRows(scope: RollupScope): SQL {
  return sql`(${filtered("usage_rollups_minute", scope)} union all ${filtered("usage_rollups_hour", scope)})`;
}

const HOUR_MS = 3_600_000;
const TOTAL_COLUMNS = sql`organization_id, bucket, request_count, error_count, rate_limited_count, fail_open_count, request_bytes,
  response_bytes, latency_sum_ms, latency_histogram`;

function totalsBetween(
  table: "usage_rollups_minute" | "usage_rollups_hour" | "usage_rollups_key_hour",
  scope: RollupScope,
  from: Date,
  to: Date,
): SQL {
  return sql`select ${TOTAL_COLUMNS} from ${sql.identifier(table)}
    where ${organizationFilter(scope.organizationId)}
      and bucket >= ${from.toISOString()}::timestamptz and bucket < ${to.toISOString()}::timestamptz
      ${scope.keyId === undefined ? sql`` : sql`and api_key_id = ${scope.keyId}`}`;
}

/**
 * A subquery of (organization_id, bucket, counters, byte sums, latency sum, histogram) rows whose sums equal
 * those of `rollupRows(scope)`; bucket is an hour start for whole hours, else the detail row's.
 */
export function totalRows(scope: RollupScope): SQL {
  const wholeFrom = new Date(Math.ceil(scope.from.getTime() / HOUR_MS) * HOUR_MS);
  const wholeTo = new Date(Math.floor(scope.to.getTime() / HOUR_MS) * HOUR_MS);
  const detail = (from: Date, to: Date) => [
    totalsBetween("usage_rollups_minute", scope, from, to),
    totalsBetween("usage_rollups_hour", scope, from, to),
  ];
  const parts =
    wholeFrom >= wholeTo
      ? detail(scope.from, scope.to)
      : [
          totalsBetween("usage_rollups_key_hour", scope, wholeFrom, wholeTo),
          ...(scope.from < wholeFrom ? detail(scope.from, wholeFrom) : []),
          ...(wholeTo < scope.to ? detail(wholeTo, scope.to) : []),
        ];
  return sql`(${sql.join(parts, sql` union all `)})`;
}

/** Where the totals of a scope come from (`totalRows`, or `rawTotalRows` to check it). */
export type TotalsSource = (scope: RollupScope) => SQL;

/**
 * The rows `totalRows` stands for, computed from raw request_logs instead (one row per minute,
 * by the consumer's own definitions of error, refusal and latency slot): what `pnpm bench`
 * times rollups against, and checks they give the very same answer. Equal to `totalRows` for
 * ranges whose edges are whole hours or still held as minute rollups (compacted hours count
 * whole by their start there, raw rows by their own time).
 */
export function rawTotalRows(scope: RollupScope): SQL {
  return sql`(select organization_id, date_trunc('minute', created_at, 'UTC') as bucket, count(*) as request_count,
      count(*) filter (where ${isErrorSql(sql`status`)}) as error_count,
      count(*) filter (where ${isRefusedSql(sql`rate_limit_outcome`)}) as rate_limited_count,
      count(*) filter (where fail_open) as fail_open_count,
      sum(request_bytes) as request_bytes, sum(response_bytes) as response_bytes,
      sum(latency_ms) as latency_sum_ms, ${latencyHistogramSql(sql`latency_ms`)} as latency_histogram
    from request_logs
    where ${organizationFilter(scope.organizationId)}
      and created_at >= ${scope.from.toISOString()}::timestamptz
      and created_at < ${scope.to.toISOString()}::timestamptz
      ${scope.keyId === undefined ? sql`` : sql`and coalesce(api_key_id, ${NO_KEY}) = ${scope.keyId}`}
    group by 1, 2)`;
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
