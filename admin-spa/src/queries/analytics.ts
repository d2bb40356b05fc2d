// Query-option factories for GET /api/analytics/*. Keys start with ["org", orgId] so switching
// organizations never shows another organization's cached numbers, and end with the exact
// filters (absolute from/to, key, time zone), so two views of the same range share one fetch.
// Nothing mutates analytics; they go stale after a minute (the rollups' resolution).
import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { api, unwrap } from "../api/client.ts";
import type { components } from "../api/schema.gen.ts";

/** A resolved [from, to) range as the API takes it (ISO instants) and the zone buckets align to. */
export interface AnalyticsRange {
  from: string;
  to: string;
  timeZone: string;
  keyId?: string | undefined;
}

export type GranularityChoice = "auto" | "minute" | "hour" | "day";

type Schemas = components["schemas"];
export type PeriodSummary = Schemas["AnalyticsPeriodSummary"];
export type AnalyticsSummary = Schemas["AnalyticsSummary"];
export type AnalyticsTimeSeries = Schemas["AnalyticsTimeSeries"];
export type EndpointStats = Schemas["AnalyticsEndpoint"];
export type StatusBreakdown = Schemas["AnalyticsStatusBreakdown"];
export type KeyStats = Schemas["AnalyticsKey"];

const STALE_MS = 60_000;

/** The query of a range; an unset key is left out, never sent as "undefined". */
export function rangeQuery(range: AnalyticsRange) {
  return {
    from: range.from,
    to: range.to,
    timeZone: range.timeZone,
    ...(range.keyId ? { keyId: range.keyId } : {}),
  };
}

export const analyticsKeys = {
  all: (orgId: string) => ["org", orgId, "analytics"] as const,
  summary: (orgId: string, range: AnalyticsRange) => [...analyticsKeys.all(orgId), "summary", range] as const,
  timeSeries: (orgId: string, range: AnalyticsRange, granularity: GranularityChoice) =>
    [...analyticsKeys.all(orgId), "timeseries", range, granularity] as const,
  topEndpoints: (orgId: string, range: AnalyticsRange, limit: number) =>
    [...analyticsKeys.all(orgId), "top-endpoints", range, limit] as const,
  statusCodes: (orgId: string, range: AnalyticsRange) =>
    [...analyticsKeys.all(orgId), "status-codes", range] as const,
  keyBreakdown: (orgId: string, range: AnalyticsRange, limit: number) =>
    [...analyticsKeys.all(orgId), "keys", range, limit] as const,
};

// Changing a filter keeps the previous chart on screen (dimmed by the page) until the new one
// arrives, instead of flashing skeletons.
const common = { staleTime: STALE_MS, placeholderData: keepPreviousData } as const;

export function analyticsSummaryQueryOptions(orgId: string, range: AnalyticsRange) {
  return queryOptions({
    ...common,
    queryKey: analyticsKeys.summary(orgId, range),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/analytics/summary", { params: { query: rangeQuery(range) }, signal })),
  });
}

export function analyticsTimeSeriesQueryOptions(
  orgId: string,
  range: AnalyticsRange,
  granularity: GranularityChoice = "auto",
) {
  return queryOptions({
    ...common,
    queryKey: analyticsKeys.timeSeries(orgId, range, granularity),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/analytics/timeseries", {
          params: { query: { ...rangeQuery(range), granularity } },
          signal,
        }),
      ),
  });
}

export function topEndpointsQueryOptions(orgId: string, range: AnalyticsRange, limit = 10) {
  return queryOptions({
    ...common,
    queryKey: analyticsKeys.topEndpoints(orgId, range, limit),
    queryFn: async ({ signal }) =>
      (
        await unwrap(
          api.GET("/analytics/top-endpoints", { params: { query: { ...rangeQuery(range), limit } }, signal }),
        )
      ).data,
  });
}

export function statusCodesQueryOptions(orgId: string, range: AnalyticsRange) {
  return queryOptions({
    ...common,
    queryKey: analyticsKeys.statusCodes(orgId, range),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/analytics/status-codes", { params: { query: rangeQuery(range) }, signal })),
  });
}

export function keyBreakdownQueryOptions(orgId: string, range: AnalyticsRange, limit = 20) {
  return queryOptions({
    ...common,
    queryKey: analyticsKeys.keyBreakdown(orgId, range, limit),
    queryFn: async ({ signal }) =>
      (
        await unwrap(
          api.GET("/analytics/keys", { params: { query: { ...rangeQuery(range), limit } }, signal }),
        )
      ).data,
  });
}
