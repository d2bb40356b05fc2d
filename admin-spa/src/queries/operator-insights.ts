// Query-option factories for the operator console's read-only platform views: analytics across
// every organization (/api/operator/analytics/*, the same shapes as the organization analytics),
// webhook health, queue depth and revenue. Keys live under ["operator", "insights", …] (never
// under an organization's ["org", orgId, …]), end with the exact filters, and go stale after a
// minute like the organization analytics.
import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { api, unwrap } from "../api/client.ts";
import type { components } from "../api/schema.gen.ts";
import type { AnalyticsRange, GranularityChoice } from "./analytics.ts";

type Schemas = components["schemas"];
export type OrganizationStats = Schemas["OperatorOrganizationStats"];
export type PlatformEndpointStats = Schemas["OperatorEndpointStats"];
export type WebhookHealth = Schemas["OperatorWebhookHealth"];
export type QueueDepth = Schemas["OperatorQueueDepth"];
export type Revenue = Schemas["OperatorRevenue"];

const STALE_MS = 60_000;
const common = { staleTime: STALE_MS, placeholderData: keepPreviousData } as const;

/** The platform has no key filter: only the range and the zone buckets align to. */
const rangeQuery = (range: AnalyticsRange) => ({ from: range.from, to: range.to, timeZone: range.timeZone });

export const operatorInsightsKeys = {
  all: ["operator", "insights"] as const,
  summary: (range: AnalyticsRange) => [...operatorInsightsKeys.all, "summary", rangeQuery(range)] as const,
  timeSeries: (range: AnalyticsRange, granularity: GranularityChoice) =>
    [...operatorInsightsKeys.all, "timeseries", rangeQuery(range), granularity] as const,
  statusCodes: (range: AnalyticsRange) =>
    [...operatorInsightsKeys.all, "status-codes", rangeQuery(range)] as const,
  topOrganizations: (range: AnalyticsRange, limit: number) =>
    [...operatorInsightsKeys.all, "top-organizations", rangeQuery(range), limit] as const,
  topEndpoints: (range: AnalyticsRange, limit: number) =>
    [...operatorInsightsKeys.all, "top-endpoints", rangeQuery(range), limit] as const,
  webhookHealth: (range: AnalyticsRange) =>
    [...operatorInsightsKeys.all, "webhook-health", rangeQuery(range)] as const,
  queues: () => [...operatorInsightsKeys.all, "queues"] as const,
  revenue: () => [...operatorInsightsKeys.all, "revenue"] as const,
};

export function platformSummaryQueryOptions(range: AnalyticsRange) {
  return queryOptions({
    ...common,
    queryKey: operatorInsightsKeys.summary(range),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/operator/analytics/summary", { params: { query: rangeQuery(range) }, signal })),
  });
}

export function platformTimeSeriesQueryOptions(
  range: AnalyticsRange,
  granularity: GranularityChoice = "auto",
) {
  return queryOptions({
    ...common,
    queryKey: operatorInsightsKeys.timeSeries(range, granularity),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/operator/analytics/timeseries", {
          params: { query: { ...rangeQuery(range), granularity } },
          signal,
        }),
      ),
  });
}

export function platformStatusCodesQueryOptions(range: AnalyticsRange) {
  return queryOptions({
    ...common,
    queryKey: operatorInsightsKeys.statusCodes(range),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/operator/analytics/status-codes", { params: { query: rangeQuery(range) }, signal })),
  });
}

export function topOrganizationsQueryOptions(range: AnalyticsRange, limit = 10) {
  return queryOptions({
    ...common,
    queryKey: operatorInsightsKeys.topOrganizations(range, limit),
    queryFn: async ({ signal }) =>
      (
        await unwrap(
          api.GET("/operator/analytics/top-organizations", {
            params: { query: { ...rangeQuery(range), limit } },
            signal,
          }),
        )
      ).data,
  });
}

export function platformTopEndpointsQueryOptions(range: AnalyticsRange, limit = 10) {
  return queryOptions({
    ...common,
    queryKey: operatorInsightsKeys.topEndpoints(range, limit),
    queryFn: async ({ signal }) =>
      (
        await unwrap(
          api.GET("/operator/analytics/top-endpoints", {
            params: { query: { ...rangeQuery(range), limit } },
            signal,
          }),
        )
      ).data,
  });
}

export function webhookHealthQueryOptions(range: AnalyticsRange) {
  return queryOptions({
    ...common,
    queryKey: operatorInsightsKeys.webhookHealth(range),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/operator/webhook-health", {
          params: { query: { from: range.from, to: range.to, limit: 25 } },
          signal,
        }),
      ),
  });
}

export function queueDepthQueryOptions() {
  return queryOptions({
    staleTime: STALE_MS,
    queryKey: operatorInsightsKeys.queues(),
    queryFn: ({ signal }) => unwrap(api.GET("/operator/queues", { signal })),
  });
}

export function revenueQueryOptions() {
  return queryOptions({
    staleTime: STALE_MS,
    queryKey: operatorInsightsKeys.revenue(),
    queryFn: ({ signal }) => unwrap(api.GET("/operator/revenue", { signal })),
  });
}
