// API keys: a page of the list (search, status, sort, cursor) and one key, as query-option
// factories shared by route loaders (prefetchQuery) and components, plus the mutations. Each
// mutation invalidates exactly what it changes: the lists, and the detail of the keys it touched.
import {
  keepPreviousData,
  type QueryClient,
  queryOptions,
  useMutation,
  useQueryClient,
} from "@tanstack/react-query";
import { api, unwrap } from "../api/client.ts";
import type { components } from "../api/schema.gen.ts";
import { auditKeys } from "./audit.ts";

export type ApiKey = components["schemas"]["ApiKey"];
export type KeyStatus = ApiKey["status"];
export type CreateKeyBody = components["schemas"]["CreateApiKey"];
export type UpdateKeyBody = components["schemas"]["UpdateApiKey"];

// Declared once in shared (the admin API's schema derives from the same list).
export { KEY_STATUSES } from "@edgegate/shared/key-status";
export const KEY_SORTS = ["-createdAt", "createdAt", "name", "-name"] as const;
export const KEYS_PAGE_SIZE = 25;

/** The list's filters (the page cursor is separate, like every keyset-paged list). */
export interface KeyFilters {
  q?: string | undefined;
  status?: KeyStatus | undefined;
  sort: (typeof KEY_SORTS)[number];
}

/** Only the filters that are set, in a fixed order, so equal filters give equal query keys. */
export function normalizeKeyFilters({ q, status, sort }: KeyFilters): KeyFilters {
  return { ...(q ? { q } : {}), ...(status ? { status } : {}), sort };
}

export const keyKeys = {
  all: (orgId: string) => ["org", orgId, "keys"] as const,
  pages: (orgId: string) => [...keyKeys.all(orgId), "page"] as const,
  page: (orgId: string, filters: KeyFilters, cursor: string | undefined) =>
    [...keyKeys.pages(orgId), normalizeKeyFilters(filters), cursor ?? null] as const,
  choices: (orgId: string) => [...keyKeys.all(orgId), "choices"] as const,
  detail: (orgId: string, id: string) => [...keyKeys.all(orgId), "detail", id] as const,
};

export function keyPageQueryOptions(orgId: string, filters: KeyFilters, cursor?: string) {
  return queryOptions({
    queryKey: keyKeys.page(orgId, filters, cursor),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/keys", {
          params: {
            query: { ...normalizeKeyFilters(filters), ...(cursor ? { cursor } : {}), limit: KEYS_PAGE_SIZE },
          },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export type KeyChoice = Pick<ApiKey, "id" | "name" | "displayPrefix" | "status">;

/**
 * The organization's keys for the analytics and log key filters: the first 100 by name (the list
 * endpoint's page limit). Refreshed by every key change, like the list's pages.
 */
export function keyChoicesQueryOptions(orgId: string) {
  return queryOptions({
    queryKey: keyKeys.choices(orgId),
    staleTime: 60_000,
    queryFn: async ({ signal }): Promise<KeyChoice[]> =>
      (await unwrap(api.GET("/keys", { params: { query: { sort: "name", limit: 100 } }, signal }))).data,
  });
}

export function keyQueryOptions(orgId: string, id: string) {
  return queryOptions({
    queryKey: keyKeys.detail(orgId, id),
    queryFn: ({ signal }) => unwrap(api.GET("/keys/{id}", { params: { path: { id } }, signal })),
  });
}

/** Every key change writes an audit row, so the audit log is stale after any of them too. */
function invalidateListsAndAudit(queryClient: QueryClient, orgId: string) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: keyKeys.pages(orgId) }),
    queryClient.invalidateQueries({ queryKey: keyKeys.choices(orgId) }),
    queryClient.invalidateQueries({ queryKey: auditKeys.all(orgId) }),
  ]);
}

/** After a change to `keys`: fresh lists and audit log, and each changed key's detail from the answer. */
function afterChange(queryClient: QueryClient, orgId: string, keys: readonly ApiKey[]) {
  for (const key of keys) queryClient.setQueryData(keyKeys.detail(orgId, key.id), key);
  return invalidateListsAndAudit(queryClient, orgId);
}

// The full key is in the create/rotate answer only. gcTime 0 drops the mutation (and the secret
// in its `data`) from the cache as soon as the dialog that shows it lets go.
const SECRET_MUTATION = { gcTime: 0 } as const;

export function useCreateKey(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    ...SECRET_MUTATION,
    mutationFn: (body: CreateKeyBody) => unwrap(api.POST("/keys", { body })),
    onSuccess: (created) => afterChange(queryClient, orgId, [created.apiKey]),
  });
}

export function useUpdateKey(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateKeyBody }) =>
      unwrap(api.PATCH("/keys/{id}", { params: { path: { id } }, body })),
    onSuccess: (key) => afterChange(queryClient, orgId, [key]),
  });
}

export function useRotateKey(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    ...SECRET_MUTATION,
    mutationFn: ({ id, gracePeriodSeconds }: { id: string; gracePeriodSeconds: number }) =>
      unwrap(api.POST("/keys/{id}/rotate", { params: { path: { id } }, body: { gracePeriodSeconds } })),
    onSuccess: (rotated) => afterChange(queryClient, orgId, [rotated.previous, rotated.apiKey]),
  });
}

export function useRevokeKey(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST("/keys/{id}/revoke", { params: { path: { id } } })),
    onSuccess: (key) => afterChange(queryClient, orgId, [key]),
  });
}

export function useDeleteKey(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => {
      await unwrap(api.DELETE("/keys/{id}", { params: { path: { id } } }));
      return id;
    },
    onSuccess: (id) => {
      queryClient.removeQueries({ queryKey: keyKeys.detail(orgId, id) });
      return invalidateListsAndAudit(queryClient, orgId);
    },
  });
}

// ---- One key's traffic (the key detail page): analytics and logs filtered by keyId. ----

export const USAGE_RANGES = ["24h", "7d", "30d"] as const;
export type UsageRange = (typeof USAGE_RANGES)[number];
const RANGE_MS: Record<UsageRange, number> = {
  "24h": 86_400_000,
  "7d": 7 * 86_400_000,
  "30d": 30 * 86_400_000,
};

/** The window ending now (to the next whole minute, so refetches within a minute agree). */
export function usageWindow(range: UsageRange, now = Date.now()): { from: string; to: string } {
  const to = Math.ceil(now / 60_000) * 60_000;
  return { from: new Date(to - RANGE_MS[range]).toISOString(), to: new Date(to).toISOString() };
}

export function keyUsageQueryOptions(orgId: string, keyId: string, range: UsageRange, timeZone: string) {
  return queryOptions({
    queryKey: [...keyKeys.detail(orgId, keyId), "usage", range, timeZone] as const,
    queryFn: async ({ signal }) => {
      const query = { ...usageWindow(range), keyId, timeZone };
      const [summary, series] = await Promise.all([
        unwrap(api.GET("/analytics/summary", { params: { query }, signal })),
        unwrap(
          api.GET("/analytics/timeseries", { params: { query: { ...query, granularity: "auto" } }, signal }),
        ),
      ]);
      return { summary, series };
    },
    placeholderData: keepPreviousData,
  });
}

export const RECENT_REQUESTS_LIMIT = 10;

export function keyRecentRequestsQueryOptions(orgId: string, keyId: string) {
  return queryOptions({
    queryKey: [...keyKeys.detail(orgId, keyId), "recent-requests"] as const,
    queryFn: ({ signal }) =>
      unwrap(api.GET("/logs", { params: { query: { keyId, limit: RECENT_REQUESTS_LIMIT } }, signal })),
    // Requests keep arriving: look again every 15 s while the page is open.
    refetchInterval: 15_000,
    staleTime: 0,
  });
}
