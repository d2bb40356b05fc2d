// Query-option factories for GET /api/audit-logs (newest first, keyset cursor). Every mutation
// the SPA makes writes an audit row, so mutations invalidate `auditKeys.all(orgId)`.
import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { api, unwrap } from "../api/client.ts";
import type { components } from "../api/schema.gen.ts";

export type AuditEntry = components["schemas"]["AuditLog"];
export type AuditPage = components["schemas"]["AuditLogPage"];

export interface AuditFilters {
  /** Exact action, or a prefix ending in "." ("api_key."). */
  action?: string | undefined;
  actorId?: string | undefined;
  targetType?: string | undefined;
  targetId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export const AUDIT_PAGE_SIZE = 25;

const FILTER_NAMES = ["action", "actorId", "targetType", "targetId", "from", "to"] as const;

export function normalizeAuditFilters(filters: AuditFilters): AuditFilters {
  const out: AuditFilters = {};
  for (const name of FILTER_NAMES) {
    const value = filters[name];
    if (value !== undefined && value !== "") out[name] = value;
  }
  return out;
}

export const auditKeys = {
  all: (orgId: string) => ["org", orgId, "audit"] as const,
  page: (orgId: string, filters: AuditFilters, cursor: string | undefined, limit: number) =>
    [...auditKeys.all(orgId), normalizeAuditFilters(filters), cursor ?? null, limit] as const,
};

export function auditPageQueryOptions(
  orgId: string,
  filters: AuditFilters,
  cursor?: string,
  limit = AUDIT_PAGE_SIZE,
) {
  return queryOptions({
    queryKey: auditKeys.page(orgId, filters, cursor, limit),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/audit-logs", {
          params: { query: { ...normalizeAuditFilters(filters), limit, ...(cursor ? { cursor } : {}) } },
          signal,
        }),
      ),
    staleTime: 15_000,
    placeholderData: keepPreviousData,
  });
}
