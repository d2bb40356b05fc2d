// What the overview reads, apart from its components, so the route loader (which stays in the
// main bundle) can start the requests without pulling the page and its charts into that bundle.
import type { QueryClient } from "@tanstack/react-query";
import { resolveAnalyticsView } from "../../lib/analytics-range.ts";
import { browserTimeZone } from "../../lib/time-zone.ts";
import {
  analyticsSummaryQueryOptions,
  analyticsTimeSeriesQueryOptions,
  topEndpointsQueryOptions,
} from "../../queries/analytics.ts";
import { healthQueryOptions } from "../../queries/health.ts";
import { logPageQueryOptions } from "../../queries/logs.ts";
import { organizationSettingsQueryOptions } from "../../queries/organization-settings.ts";

export const RECENT_ERRORS = 8;

/** The overview's window: the last 24 hours, in the browser's time zone. */
export function overviewRange(now: number) {
  return resolveAnalyticsView({ range: "24h" }, now, browserTimeZone());
}

/** Everything the overview reads. */
export function overviewQueries(orgId: string, now: number) {
  const { range, granularity } = overviewRange(now);
  const recent = { from: range.from, to: range.to };
  return [
    analyticsSummaryQueryOptions(orgId, range),
    analyticsTimeSeriesQueryOptions(orgId, range, granularity),
    topEndpointsQueryOptions(orgId, range, 5),
    logPageQueryOptions(orgId, { ...recent, status: "5xx" }, undefined, RECENT_ERRORS),
    logPageQueryOptions(orgId, { ...recent, status: "4xx" }, undefined, RECENT_ERRORS),
    organizationSettingsQueryOptions(orgId),
  ] as const;
}

/** Starts every request of the page (the route loader calls this). */
export function prefetchOverview(queryClient: QueryClient, orgId: string, now: number): void {
  const [summary, series, endpoints, serverErrors, clientErrors, organization] = overviewQueries(orgId, now);
  void queryClient.prefetchQuery(summary);
  void queryClient.prefetchQuery(series);
  void queryClient.prefetchQuery(endpoints);
  void queryClient.prefetchQuery(serverErrors);
  void queryClient.prefetchQuery(clientErrors);
  void queryClient.prefetchQuery(organization);
  void queryClient.prefetchQuery(healthQueryOptions());
}
