// Billing: the overview (plan, subscription, usage and charges), daily billable usage, the
// overage policy, invoices, and the Stripe hand-offs (checkout for an upgrade, the portal).
import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../api/client.ts";
import type { components } from "../api/schema.gen.ts";
import { auditKeys } from "./audit.ts";

export type BillingOverview = components["schemas"]["BillingOverview"];
export type BillingUsage = components["schemas"]["BillingUsage"];
export type OveragePolicy = components["schemas"]["OveragePolicy"];
export type OveragePolicyUpdate = components["schemas"]["UpdateOveragePolicy"];
export type Invoice = components["schemas"]["InvoiceList"]["data"][number];
export type PlanOffer = BillingOverview["plans"][number];

export const billingKeys = {
  all: (orgId: string) => ["org", orgId, "billing"] as const,
  overview: (orgId: string) => ["org", orgId, "billing", "overview"] as const,
  usage: (orgId: string) => ["org", orgId, "billing", "usage"] as const,
  overagePolicy: (orgId: string) => ["org", orgId, "billing", "overage-policy"] as const,
  invoices: (orgId: string) => ["org", orgId, "billing", "invoices"] as const,
};

// Usage moves with every gateway request; a minute old is fine for a bill.
const USAGE_STALE_MS = 60_000;

export function billingOverviewQueryOptions(orgId: string) {
  return queryOptions({
    queryKey: billingKeys.overview(orgId),
    queryFn: ({ signal }) => unwrap(api.GET("/billing", { signal })),
    staleTime: USAGE_STALE_MS,
  });
}

export function billingUsageQueryOptions(orgId: string) {
  return queryOptions({
    queryKey: billingKeys.usage(orgId),
    queryFn: ({ signal }) => unwrap(api.GET("/billing/usage", { signal })),
    staleTime: USAGE_STALE_MS,
  });
}

export function overagePolicyQueryOptions(orgId: string) {
  return queryOptions({
    queryKey: billingKeys.overagePolicy(orgId),
    queryFn: ({ signal }) => unwrap(api.GET("/billing/overage-policy", { signal })),
  });
}

export function invoicesQueryOptions(orgId: string) {
  return queryOptions({
    queryKey: billingKeys.invoices(orgId),
    queryFn: async ({ signal }) => (await unwrap(api.GET("/billing/invoices", { signal }))).data,
  });
}

export function useUpdateOveragePolicy(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (update: OveragePolicyUpdate) => unwrap(api.PUT("/billing/overage-policy", { body: update })),
    onSuccess: (policy) => {
      queryClient.setQueryData(billingKeys.overagePolicy(orgId), policy);
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: billingKeys.all(orgId) }),
        queryClient.invalidateQueries({ queryKey: auditKeys.all(orgId) }),
      ]);
    },
  });
}

/** Starts Stripe Checkout for `plan`; the caller sends the browser to the returned URL. */
export function useStartCheckout() {
  return useMutation({
    mutationFn: (plan: "STARTER" | "PRO") => unwrap(api.POST("/billing/checkout", { body: { plan } })),
  });
}

/** Opens Stripe's billing portal (payment methods, invoices, plan changes, cancellation). */
export function useOpenBillingPortal() {
  return useMutation({
    mutationFn: () => unwrap(api.POST("/billing/portal", {})),
  });
}
