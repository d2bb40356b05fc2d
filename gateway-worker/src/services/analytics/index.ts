// The analytics query layer: every query is scoped to one organization (the caller's; the
// admin API passes it from the session, never from input) or, for the operator console only,
// to ALL_ORGANIZATIONS; each takes input parsed by the zod schemas in schemas.ts. Aggregates read minute/hour rollups; IPs, countries and the log
// explorer read raw logs.
import type { Database } from "../database.ts";
import {
  type ClientStats,
  type EndpointStats,
  type KeyStats,
  queryKeyBreakdown,
  queryStatusBreakdown,
  queryTopClients,
  queryTopEndpoints,
  type StatusBreakdown,
} from "./breakdowns.ts";
import { type LogPage, queryLogs } from "./log-explorer.ts";
import { exportLogs } from "./log-export.ts";
import {
  type OrganizationStats,
  type PlatformEndpointStats,
  queryPlatformTopEndpoints,
  queryTopOrganizations,
} from "./platform.ts";
import type { OrganizationScope } from "./rollup-source.ts";
import type { AnalyticsRange, LogExportQuery, LogQuery, TimeSeriesQuery, TopQuery } from "./schemas.ts";
import { querySummary, type Summary } from "./summary.ts";
import { queryTimeSeries, type TimeSeries } from "./time-series.ts";

export { EXPORT_CONTENT_TYPES } from "./log-export.ts";
export { ALL_ORGANIZATIONS, type OrganizationScope } from "./rollup-source.ts";
export * from "./schemas.ts";
export { parseAnalyticsQuery } from "./validate.ts";
export type {
  ClientStats,
  EndpointStats,
  KeyStats,
  LogPage,
  OrganizationStats,
  PlatformEndpointStats,
  StatusBreakdown,
  Summary,
  TimeSeries,
};

/** `ALL_ORGANIZATIONS` where a method takes an OrganizationScope: the operator console. */
export interface Analytics {
  summary(organizationId: OrganizationScope, range: AnalyticsRange): Promise<Summary>;
  timeSeries(organizationId: OrganizationScope, query: TimeSeriesQuery): Promise<TimeSeries>;
  topEndpoints(organizationId: string, query: TopQuery): Promise<EndpointStats[]>;
  statusBreakdown(organizationId: OrganizationScope, range: AnalyticsRange): Promise<StatusBreakdown>;
  keyBreakdown(organizationId: string, query: TopQuery): Promise<KeyStats[]>;
  topClients(organizationId: string, query: TopQuery, by: "ip" | "country"): Promise<ClientStats[]>;
  logs(organizationId: string, query: LogQuery): Promise<LogPage>;
  exportLogs(organizationId: string, query: LogExportQuery): ReadableStream<Uint8Array>;
  /** Every organization's busiest ones (the operator console). */
  topOrganizations(query: TopQuery): Promise<OrganizationStats[]>;
  /** The busiest endpoints of the whole platform, each with its organization. */
  platformTopEndpoints(query: TopQuery): Promise<PlatformEndpointStats[]>;
}

export function createAnalytics(database: Database): Analytics {
  const { db } = database;
  return {
    summary: (org, range) => querySummary(db, org, range),
    timeSeries: (org, query) => queryTimeSeries(db, org, query),
    topEndpoints: (org, query) => queryTopEndpoints(db, org, query),
    statusBreakdown: (org, range) => queryStatusBreakdown(db, org, range),
    keyBreakdown: (org, query) => queryKeyBreakdown(db, org, query),
    topClients: (org, query, by) => queryTopClients(db, org, query, by),
    logs: (org, query) => queryLogs(db, org, query),
    exportLogs: (org, query) => exportLogs(db, org, query),
    topOrganizations: (query) => queryTopOrganizations(db, query),
    platformTopEndpoints: (query) => queryPlatformTopEndpoints(db, query),
  };
}
