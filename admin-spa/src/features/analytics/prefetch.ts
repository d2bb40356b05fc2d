// What the analytics page reads, apart from its components, so the route loader (in the main
// bundle) can start the requests without pulling the page and recharts into that bundle.
import type { QueryClient } from "@tanstack/react-query";
import {
  type AnalyticsRange,
  analyticsSummaryQueryOptions,
  analyticsTimeSeriesQueryOptions,
  type GranularityChoice,
  keyBreakdownQueryOptions,
  statusCodesQueryOptions,
  topEndpointsQueryOptions,
} from "../../queries/analytics.ts";

/** Every query of the page. */
export function analyticsQueries(orgId: string, range: AnalyticsRange, granularity: GranularityChoice) {
  return [
    analyticsSummaryQueryOptions(orgId, range),
    analyticsTimeSeriesQueryOptions(orgId, range, granularity),
    topEndpointsQueryOptions(orgId, range, 10),
    statusCodesQueryOptions(orgId, range),
    keyBreakdownQueryOptions(orgId, range, 20),
  ] as const;
}

/** Starts every request of the page (the route loader calls this); panels show their own states. */
export function prefetchAnalytics(
  queryClient: QueryClient,
  orgId: string,
  range: AnalyticsRange,
  granularity: GranularityChoice,
): void {
  const [summary, series, endpoints, statuses, keys] = analyticsQueries(orgId, range, granularity);
  void queryClient.prefetchQuery(summary);
  void queryClient.prefetchQuery(series);
  void queryClient.prefetchQuery(endpoints);
  void queryClient.prefetchQuery(statuses);
  void queryClient.prefetchQuery(keys);
}
