// /operator/insights — platform analytics; filters in the URL (?range=&from=&to=&granularity=),
// validated and defaulted like the organization analytics, so a bad link shows the default view.
import { createFileRoute } from "@tanstack/react-router";
import { PlatformAnalyticsPage } from "../../../features/operator-insights/PlatformAnalyticsPage.tsx";
import { prefetchPlatformAnalytics } from "../../../features/operator-insights/prefetch.ts";
import { parsePlatformAnalyticsSearch } from "../../../features/operator-insights/search.ts";
import { resolveAnalyticsView } from "../../../lib/analytics-range.ts";
import { browserTimeZone } from "../../../lib/time-zone.ts";

export const Route = createFileRoute("/_app/operator/insights")({
  validateSearch: parsePlatformAnalyticsSearch,
  loaderDeps: ({ search }) => search,
  loader: ({ context: { queryClient }, deps }) => {
    const { range, granularity } = resolveAnalyticsView(deps, Date.now(), browserTimeZone());
    prefetchPlatformAnalytics(queryClient, range, granularity);
  },
  component: PlatformAnalyticsRoute,
});

function PlatformAnalyticsRoute() {
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  return <PlatformAnalyticsPage search={search} onSearchChange={(next) => void navigate({ search: next })} />;
}
