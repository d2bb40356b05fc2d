// Breakdowns of a range: top endpoints, status codes and keys from the rollups; top client IPs
// and countries from the raw logs (rollups do not carry them), so those follow log retention.
import { sql } from "drizzle-orm";
import { sumHistograms } from "../../db/histogram-sql.ts";
import type { HttpDb } from "../database.ts";
import { histogramPercentile } from "./percentiles.ts";
import { type OrganizationScope, rollupRows, toHistogram, toNumber } from "./rollup-source.ts";
import type { AnalyticsRange, TopQuery } from "./schemas.ts";

export interface EndpointStats {
  method: string;
  path: string;
  requests: number;
  errors: number;
  errorRate: number;
  p95: number | null;
}

export async function queryTopEndpoints(
  db: HttpDb,
  organizationId: string,
  query: TopQuery,
): Promise<EndpointStats[]> {
  const result = await db.execute(sql`
    select method, path, sum(request_count) as requests, sum(error_count) as errors,
      ${sumHistograms(sql`latency_histogram`)} as histogram
    from ${rollupRows({ organizationId, ...query })} r
    group by method, path
    order by requests desc, method, path
    limit ${query.limit}`);
  return result.rows.map((row) => {
    const requests = toNumber(row.requests);
    const errors = toNumber(row.errors);
    return {
      method: String(row.method),
      path: String(row.path),
      requests,
      errors,
      errorRate: requests === 0 ? 0 : errors / requests,
      p95: histogramPercentile(toHistogram(row.histogram), 0.95),
    };
  });
}

export interface StatusBreakdown {
  byCode: { status: number; requests: number }[];
  byClass: Record<"1xx" | "2xx" | "3xx" | "4xx" | "5xx", number>;
}

export async function queryStatusBreakdown(
  db: HttpDb,
  organizationId: OrganizationScope,
  range: AnalyticsRange,
): Promise<StatusBreakdown> {
  const result = await db.execute(sql`
    select status, sum(request_count) as requests
    from ${rollupRows({ organizationId, ...range })} r
    group by status order by status`);
  const byClass = { "1xx": 0, "2xx": 0, "3xx": 0, "4xx": 0, "5xx": 0 };
  const byCode = result.rows.map((row) => {
    const status = toNumber(row.status);
    const requests = toNumber(row.requests);
    const cls = `${Math.floor(status / 100)}xx` as keyof typeof byClass;
    if (cls in byClass) byClass[cls] += requests;
    return { status, requests };
  });
  return { byCode, byClass };
}

export interface KeyStats {
  /** null: requests refused before a key was known to belong to the org (none today). */
  apiKeyId: string | null;
  name: string | null;
  displayPrefix: string | null;
  requests: number;
  errors: number;
  rateLimited: number;
  bandwidthBytes: number;
  p95: number | null;
}

export async function queryKeyBreakdown(
  db: HttpDb,
  organizationId: string,
  query: TopQuery,
): Promise<KeyStats[]> {
  const result = await db.execute(sql`
    with per_key as (
      select api_key_id, sum(request_count) as requests, sum(error_count) as errors,
        sum(rate_limited_count) as rate_limited, sum(request_bytes + response_bytes) as bandwidth,
        ${sumHistograms(sql`latency_histogram`)} as histogram
      from ${rollupRows({ organizationId, ...query })} r
      group by api_key_id
      order by requests desc, api_key_id
      limit ${query.limit}
    )
    select p.*, k.name, k.display_prefix
    from per_key p
    left join api_keys k on k.id = p.api_key_id and k.organization_id = ${organizationId}
    order by p.requests desc, p.api_key_id`);
  return result.rows.map((row) => ({
    apiKeyId: row.api_key_id === "" ? null : String(row.api_key_id),
    name: row.name === null || row.name === undefined ? null : String(row.name),
    displayPrefix:
      row.display_prefix === null || row.display_prefix === undefined ? null : String(row.display_prefix),
    requests: toNumber(row.requests),
    errors: toNumber(row.errors),
    rateLimited: toNumber(row.rate_limited),
    bandwidthBytes: toNumber(row.bandwidth),
    p95: histogramPercentile(toHistogram(row.histogram), 0.95),
  }));
}

export interface ClientStats {
  value: string | null;
  requests: number;
  errors: number;
}

export async function queryTopClients(
  db: HttpDb,
  organizationId: string,
  query: TopQuery,
  by: "ip" | "country",
): Promise<ClientStats[]> {
  const column = sql.identifier(by === "ip" ? "client_ip" : "country");
  const result = await db.execute(sql`
    select ${column} as value, count(*) as requests, count(*) filter (where status >= 400) as errors
    from request_logs
    where organization_id = ${organizationId}
      and created_at >= ${query.from.toISOString()}::timestamptz
      and created_at < ${query.to.toISOString()}::timestamptz
      ${query.keyId === undefined ? sql`` : sql`and api_key_id = ${query.keyId}`}
    group by 1
    order by requests desc, value
    limit ${query.limit}`);
  return result.rows.map((row) => ({
    value: row.value === null ? null : String(row.value),
    requests: toNumber(row.requests),
    errors: toNumber(row.errors),
  }));
}
