// /operator/revenue — MRR by plan, overage this period, past-due organizations, reconciliation.
import { createFileRoute } from "@tanstack/react-router";
import { RevenuePage } from "../../../features/operator-insights/RevenuePage.tsx";
import { revenueQueryOptions } from "../../../queries/operator-insights.ts";

export const Route = createFileRoute("/_app/operator/revenue")({
  loader: ({ context: { queryClient } }) => {
    void queryClient.prefetchQuery(revenueQueryOptions());
  },
  component: RevenuePage,
});
