// / — the overview: the last 24 hours of traffic, recent errors, this month's quota and the
// platform's health. Each panel loads, fails and retries on its own.
import { createFileRoute } from "@tanstack/react-router";
import { OverviewPage } from "../../features/overview/OverviewPage.tsx";
import { prefetchOverview } from "../../features/overview/prefetch.ts";

export const Route = createFileRoute("/_app/")({
  loader: ({ context: { queryClient, session } }) => {
    const orgId = session?.activeOrganizationId;
    if (orgId) prefetchOverview(queryClient, orgId, Date.now());
  },
  component: OverviewPage,
});
