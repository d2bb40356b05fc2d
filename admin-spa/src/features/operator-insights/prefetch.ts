// What the platform analytics page reads, apart from its components, so the route loader can
// start the requests without pulling the page and recharts into the main bundle.
import type { QueryClient } from "@tanstack/react-query";
import type { AnalyticsRange, GranularityChoice } from "../../queries/analytics.ts";
import {
  platformStatusCodesQueryOptions,
  platformSummaryQueryOptions,
  platformTimeSeriesQueryOptions,
  platformTopEndpointsQueryOptions,
  queueDepthQueryOptions,
  topOrganizationsQueryOptions,
  webhookHealthQueryOptions,
} from "../../queries/operator-insights.ts";

export function platformQueries(range: AnalyticsRange, granularity: GranularityChoice) {
  return [
    platformSummaryQueryOptions(range),
    platformTimeSeriesQueryOptions(range, granularity),
    topOrganizationsQueryOptions(range, 10),
    platformTopEndpointsQueryOptions(range, 10),
    platformStatusCodesQueryOptions(range),
    webhookHealthQueryOptions(range),
    queueDepthQueryOptions(),
  ] as const;
}

export function prefetchPlatformAnalytics(
  queryClient: QueryClient,
  range: AnalyticsRange,
  granularity: GranularityChoice,
): void {
  for (const options of platformQueries(range, granularity)) void queryClient.prefetchQuery(options as never);
}
