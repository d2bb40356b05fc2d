// /billing — plan, usage and charges, daily usage, plans, overage policy, invoices. Stripe
// Checkout returns here with ?checkout=success|canceled (anything else is ignored).
import { createFileRoute } from "@tanstack/react-router";
import { BillingPage } from "../../features/billing/BillingPage.tsx";
import { parseBillingSearch } from "../../features/billing/search.ts";
import {
  billingOverviewQueryOptions,
  billingUsageQueryOptions,
  invoicesQueryOptions,
  overagePolicyQueryOptions,
} from "../../queries/billing.ts";

export const Route = createFileRoute("/_app/billing")({
  validateSearch: parseBillingSearch,
  loader: ({ context: { queryClient, session } }) => {
    const orgId = session?.activeOrganizationId;
    if (!orgId) return;
    void queryClient.prefetchQuery(billingOverviewQueryOptions(orgId));
    void queryClient.prefetchQuery(billingUsageQueryOptions(orgId));
    void queryClient.prefetchQuery(overagePolicyQueryOptions(orgId));
    void queryClient.prefetchQuery(invoicesQueryOptions(orgId));
  },
  component: BillingRoute,
});

function BillingRoute() {
  const { checkout } = Route.useSearch();
  return <BillingPage checkout={checkout} />;
}
