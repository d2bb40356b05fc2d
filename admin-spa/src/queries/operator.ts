// Query-option factories for the operator console (/api/operator/*), platform-wide data keyed
// under ["operator", …] (never under an organization's ["org", orgId, …]). Operator mutations
// invalidate `operatorKeys.all`.
import { keepPreviousData, queryOptions } from "@tanstack/react-query";
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
