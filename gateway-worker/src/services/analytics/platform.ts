// The operator console's breakdowns across every organization: the busiest organizations and
// the busiest endpoints (each endpoint belongs to one organization: two customers' `/v1/users`
// are different APIs). The platform summary, time series and status codes are the
// organization queries with ALL_ORGANIZATIONS as the scope; everything reads the same rollups.
//
// Scale: the rollup tables' keys lead with organization_id, so a platform-wide range reads
// the whole table for the rows of the range (no index leads with bucket). Organizations use the key-hour totals (≤ one row per key and hour); endpoints
// need the detail rows. Noted in docs-site/content/analytics.md; an index on bucket is the remedy
// when the platform outgrows it.
import { sql } from "drizzle-orm";
import { sumHistograms } from "../../db/histogram-sql.ts";
import type { HttpDb } from "../database.ts";
import type { EndpointStats } from "./breakdowns.ts";
import { histogramPercentile } from "./percentiles.ts";
import { ALL_ORGANIZATIONS, rollupRows, toHistogram, toNumber, totalRows } from "./rollup-source.ts";
import type { TopQuery } from "./schemas.ts";

export interface OrganizationRef {
  organizationId: string;
  /** null: the organization was deleted after the traffic was counted. */
  name: string | null;
  slug: string | null;
}

export interface OrganizationStats extends OrganizationRef {
  plan: string | null;
  requests: number;
  errors: number;
  errorRate: number;
  rateLimited: number;
  failOpen: number;
  p95: number | null;
}

const ref = (row: Record<string, unknown>): OrganizationRef => ({
  organizationId: String(row.organization_id),
  name: row.name === null || row.name === undefined ? null : String(row.name),
  slug: row.slug === null || row.slug === undefined ? null : String(row.slug),
});

export async function queryTopOrganizations(db: HttpDb, query: TopQuery): Promise<OrganizationStats[]> {
  const result = await db.execute(sql`
    with per_org as (
      select organization_id, sum(request_count) as requests, sum(error_count) as errors,
        sum(rate_limited_count) as rate_limited, sum(fail_open_count) as fail_open,
        ${sumHistograms(sql`latency_histogram`)} as histogram
      from ${totalRows({ organizationId: ALL_ORGANIZATIONS, ...query })} r
      group by organization_id
      order by requests desc, organization_id
      limit ${query.limit}
    )
    select p.*, o.name, o.slug, o.plan
    from per_org p left join organizations o on o.id = p.organization_id
    order by p.requests desc, p.organization_id`);
  return result.rows.map((row) => {
    const requests = toNumber(row.requests);
    const errors = toNumber(row.errors);
    return {
      ...ref(row),
      plan: row.plan === null || row.plan === undefined ? null : String(row.plan),
      requests,
      errors,
      errorRate: requests === 0 ? 0 : errors / requests,
      rateLimited: toNumber(row.rate_limited),
      failOpen: toNumber(row.fail_open),
      p95: histogramPercentile(toHistogram(row.histogram), 0.95),
    };
  });
}

export type PlatformEndpointStats = EndpointStats & OrganizationRef;

export async function queryPlatformTopEndpoints(
  db: HttpDb,
  query: TopQuery,
): Promise<PlatformEndpointStats[]> {
  const result = await db.execute(sql`
    with per_endpoint as (
      select organization_id, method, path, sum(request_count) as requests, sum(error_count) as errors,
        ${sumHistograms(sql`latency_histogram`)} as histogram
      from ${rollupRows({ organizationId: ALL_ORGANIZATIONS, ...query })} r
      group by organization_id, method, path
      order by requests desc, organization_id, method, path
      limit ${query.limit}
    )
    select p.*, o.name, o.slug
    from per_endpoint p left join organizations o on o.id = p.organization_id
    order by p.requests desc, p.organization_id, p.method, p.path`);
  return result.rows.map((row) => {
    const requests = toNumber(row.requests);
    const errors = toNumber(row.errors);
    return {
      ...ref(row),
      method: String(row.method),
      path: String(row.path),
      requests,
      errors,
      errorRate: requests === 0 ? 0 : errors / requests,
      p95: histogramPercentile(toHistogram(row.histogram), 0.95),
    };
  });
}
