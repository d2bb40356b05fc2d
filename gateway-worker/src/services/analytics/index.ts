// The analytics query layer: every query is scoped to one organization (the caller's; the
// admin API passes it from the session, never from input) and takes input parsed by the zod
// schemas in schemas.ts. Aggregates read minute/hour rollups; IPs, countries and the log
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
import type { AnalyticsRange, LogExportQuery, LogQuery, TimeSeriesQuery, TopQuery } from "./schemas.ts";
import { querySummary, type Summary } from "./summary.ts";
import { queryTimeSeries, type TimeSeries } from "./time-series.ts";

export { EXPORT_CONTENT_TYPES } from "./log-export.ts";
export * from "./schemas.ts";
export { parseAnalyticsQuery } from "./validate.ts";
export type { ClientStats, EndpointStats, KeyStats, LogPage, StatusBreakdown, Summary, TimeSeries };

export interface Analytics {
  summary(organizationId: string, range: AnalyticsRange): Promise<Summary>;
  timeSeries(organizationId: string, query: TimeSeriesQuery): Promise<TimeSeries>;
  topEndpoints(organizationId: string, query: TopQuery): Promise<EndpointStats[]>;
  statusBreakdown(organizationId: string, range: AnalyticsRange): Promise<StatusBreakdown>;
  keyBreakdown(organizationId: string, query: TopQuery): Promise<KeyStats[]>;
  topClients(organizationId: string, query: TopQuery, by: "ip" | "country"): Promise<ClientStats[]>;
  logs(organizationId: string, query: LogQuery): Promise<LogPage>;
  exportLogs(organizationId: string, query: LogExportQuery): ReadableStream<Uint8Array>;
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
  };
}
