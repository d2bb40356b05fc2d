// /analytics — filters in the URL (?range=&from=&to=&granularity=&keyId=), validated and
// defaulted by parseAnalyticsSearch so a bad link shows the default view, never an error page.
import { createFileRoute } from "@tanstack/react-router";
import { AnalyticsPage } from "../../features/analytics/AnalyticsPage.tsx";
import { prefetchAnalytics } from "../../features/analytics/prefetch.ts";
import { resolveAnalyticsView } from "../../lib/analytics-range.ts";
import { parseAnalyticsSearch } from "../../lib/analytics-search.ts";
import { browserTimeZone } from "../../lib/time-zone.ts";

export const Route = createFileRoute("/_app/analytics")({
  validateSearch: parseAnalyticsSearch,
  loaderDeps: ({ search }) => search,
  // Start every chart's request now; each panel shows its own skeleton or error.
  loader: ({ context: { queryClient, session }, deps }) => {
    const orgId = session?.activeOrganizationId;
    if (!orgId) return;
    const { range, granularity } = resolveAnalyticsView(deps, Date.now(), browserTimeZone());
    prefetchAnalytics(queryClient, orgId, range, granularity);
  },
  component: AnalyticsRoute,
});

function AnalyticsRoute() {
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  return <AnalyticsPage search={search} onSearchChange={(next) => void navigate({ search: next })} />;
}
