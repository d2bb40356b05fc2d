// Query-option factories for the operator console (/api/operator/*), platform-wide data keyed
// under ["operator", …] (never under an organization's ["org", orgId, …]). Operator mutations
// invalidate `operatorKeys.all`.
import { keepPreviousData, queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../api/client.ts";
import type { components } from "../api/schema.gen.ts";

export type PlatformAuditEntry = components["schemas"]["PlatformAuditLog"];

export interface PlatformAuditFilters {
  /** Exact action, or a prefix ending in "." ("organization."). */
  action?: string | undefined;
  organizationId?: string | undefined;
  actorId?: string | undefined;
}

export const PLATFORM_AUDIT_PAGE_SIZE = 25;

function defined<T extends object>(filters: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(filters).filter(([, value]) => value !== undefined && value !== ""),
  ) as Partial<T>;
}

export const operatorKeys = {
  all: ["operator"] as const,
  audit: (filters: PlatformAuditFilters, cursor: string | undefined) =>
    [...operatorKeys.all, "audit", defined(filters), cursor ?? null] as const,
};

export function platformAuditQueryOptions(filters: PlatformAuditFilters, cursor?: string) {
  return queryOptions({
    queryKey: operatorKeys.audit(filters, cursor),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/operator/audit-logs", {
          params: {
            query: { ...defined(filters), limit: PLATFORM_AUDIT_PAGE_SIZE, ...(cursor ? { cursor } : {}) },
          },
          signal,
        }),
      ),
    staleTime: 15_000,
    placeholderData: keepPreviousData,
  });
}

export type OperatorOrganizationSummary = components["schemas"]["OperatorOrganizationSummary"];
export type OperatorOrganization = components["schemas"]["OperatorOrganization"];
export type SetLimitsBody = components["schemas"]["SetOrganizationLimits"];

export const CUSTOMER_SORTS = ["requests", "errorRate", "revenue", "plan", "created", "name"] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];

export interface CustomerFilters {
  q?: string | undefined;
  plan?: "FREE" | "STARTER" | "PRO" | "ENTERPRISE" | undefined;
  status?: "active" | "suspended" | undefined;
  sort?: CustomerSort | undefined;
  order?: "asc" | "desc" | undefined;
  offset?: number | undefined;
}

export const CUSTOMERS_PAGE_SIZE = 25;

export function customersQueryOptions(filters: CustomerFilters) {
  return queryOptions({
    queryKey: [...operatorKeys.all, "customers", defined(filters)] as const,
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/operator/organizations", {
          params: { query: { ...defined(filters), limit: CUSTOMERS_PAGE_SIZE } },
          signal,
        }),
      ),
    staleTime: 15_000,
    placeholderData: keepPreviousData,
  });
}

export function customerQueryOptions(organizationId: string) {
  return queryOptions({
    queryKey: [...operatorKeys.all, "customer", organizationId] as const,
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/operator/organizations/{organizationId}", { params: { path: { organizationId } }, signal }),
      ),
    staleTime: 10_000,
  });
}

/** Every operator mutation changes what the lists, the page and the platform audit log show. */
function useInvalidateOperator() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: operatorKeys.all });
}

export function useSetLimits(organizationId: string) {
  const invalidate = useInvalidateOperator();
  return useMutation({
    mutationFn: (body: SetLimitsBody) =>
      unwrap(
        api.PUT("/operator/organizations/{organizationId}/limits", {
          params: { path: { organizationId } },
          body,
        }),
      ),
    onSettled: invalidate,
  });
}

export function useSuspension(organizationId: string) {
  const invalidate = useInvalidateOperator();
  return useMutation({
    mutationFn: (change: { suspend: true; reason: string } | { suspend: false; note?: string }) =>
      change.suspend
        ? unwrap(
            api.POST("/operator/organizations/{organizationId}/suspend", {
              params: { path: { organizationId } },
              body: { reason: change.reason },
            }),
          )
        : unwrap(
            api.POST("/operator/organizations/{organizationId}/unsuspend", {
              params: { path: { organizationId } },
              body: change.note ? { note: change.note } : {},
            }),
          ),
    onSettled: invalidate,
  });
}

export type PlatformOperator = components["schemas"]["PlatformOperator"];

export function operatorsQueryOptions() {
  return queryOptions({
    queryKey: [...operatorKeys.all, "operators"] as const,
    queryFn: ({ signal }) => unwrap(api.GET("/operator/operators", { signal })),
    staleTime: 15_000,
  });
}

export function useGrantOperator() {
  const invalidate = useInvalidateOperator();
  return useMutation({
    mutationFn: (email: string) => unwrap(api.POST("/operator/operators", { body: { email } })),
    onSettled: invalidate,
  });
}

export function useRevokeOperator() {
  const invalidate = useInvalidateOperator();
  return useMutation({
    mutationFn: (userId: string) =>
      unwrap(api.DELETE("/operator/operators/{userId}", { params: { path: { userId } } })),
    onSettled: invalidate,
  });
}
