// API keys: the list (search, status, sort, cursor — all from the URL) and one key, as query-option
// factories shared by route loaders (ensureQueryData) and components, plus the mutations. Each
// mutation invalidates exactly what it changes: the lists, and the detail of the keys it touched.
import {
  keepPreviousData,
  type QueryClient,
  queryOptions,
  useMutation,
  useQueryClient,
} from "@tanstack/react-query";
import { z } from "zod";
import { api, unwrap } from "../api/client.ts";
import type { components } from "../api/schema.gen.ts";
import { auditKeys } from "./audit.ts";

export type ApiKey = components["schemas"]["ApiKey"];
export type KeyStatus = ApiKey["status"];
export type CreateKeyBody = components["schemas"]["CreateApiKey"];
export type UpdateKeyBody = components["schemas"]["UpdateApiKey"];

export const KEY_STATUSES = [
  "active",
  "rotating",
  "disabled",
  "expired",
  "revoked",
] as const satisfies readonly KeyStatus[];
export const KEY_SORTS = ["-createdAt", "createdAt", "name", "-name"] as const;
export const KEYS_PAGE_SIZE = 25;

/**
 * /keys?q=&status=&sort=&cursor=&back= — `back` holds the cursors of the pages before this one
 * ("" for the first), so Previous works from a shared link too. Anything malformed falls back to
 * the default rather than failing the page.
 */
export const keysSearchSchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  status: z.enum(KEY_STATUSES).optional().catch(undefined),
  sort: z.enum(KEY_SORTS).default("-createdAt").catch("-createdAt"),
  cursor: z.string().max(512).optional().catch(undefined),
  back: z.array(z.string().max(512)).max(50).default([]).catch([]),
});
export type KeysSearch = z.infer<typeof keysSearchSchema>;

/** The list parameters that select data (`back` only drives the Previous button). */
export function keysListParams(search: KeysSearch) {
  return {
    ...(search.q ? { q: search.q } : {}),
    ...(search.status ? { status: search.status } : {}),
    sort: search.sort,
    ...(search.cursor ? { cursor: search.cursor } : {}),
    limit: KEYS_PAGE_SIZE,
  };
}

export const keysKeys = {
  all: (orgId: string) => ["keys", orgId] as const,
  lists: (orgId: string) => ["keys", orgId, "list"] as const,
  list: (orgId: string, params: ReturnType<typeof keysListParams>) =>
    ["keys", orgId, "list", params] as const,
  detail: (orgId: string, id: string) => ["keys", orgId, "detail", id] as const,
};

export function keysListQueryOptions(orgId: string, search: KeysSearch) {
  const params = keysListParams(search);
  return queryOptions({
    queryKey: keysKeys.list(orgId, params),
    queryFn: ({ signal }) => unwrap(api.GET("/keys", { params: { query: params }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function keyQueryOptions(orgId: string, id: string) {
  return queryOptions({
    queryKey: keysKeys.detail(orgId, id),
    queryFn: ({ signal }) => unwrap(api.GET("/keys/{id}", { params: { path: { id } }, signal })),
  });
}

/** Every key change writes an audit row, so the audit log is stale after any of them. */
function invalidateListsAndAudit(queryClient: QueryClient, orgId: string) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: keysKeys.lists(orgId) }),
    queryClient.invalidateQueries({ queryKey: auditKeys.all(orgId) }),
  ]);
}

/** After a change to `keys`: fresh lists and audit log, and each changed key's detail from the answer. */
function afterChange(queryClient: QueryClient, orgId: string, keys: readonly ApiKey[]) {
  for (const key of keys) queryClient.setQueryData(keysKeys.detail(orgId, key.id), key);
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
      queryClient.removeQueries({ queryKey: keysKeys.detail(orgId, id) });
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

/** /keys/$keyId?range= — the usage window, validated like every URL filter. */
export const keyDetailSearchSchema = z.object({
  range: z.enum(USAGE_RANGES).default("7d").catch("7d"),
});

/** The window ending now (to the next whole minute, so refetches within a minute agree). */
export function usageWindow(range: UsageRange, now = Date.now()): { from: string; to: string } {
  const to = Math.ceil(now / 60_000) * 60_000;
  return { from: new Date(to - RANGE_MS[range]).toISOString(), to: new Date(to).toISOString() };
}

export function keyUsageQueryOptions(orgId: string, keyId: string, range: UsageRange, timeZone: string) {
  return queryOptions({
    queryKey: [...keysKeys.detail(orgId, keyId), "usage", range, timeZone] as const,
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
    queryKey: [...keysKeys.detail(orgId, keyId), "recent-requests"] as const,
    queryFn: ({ signal }) =>
      unwrap(api.GET("/logs", { params: { query: { keyId, limit: RECENT_REQUESTS_LIMIT } }, signal })),
    // Requests keep arriving: look again every 15 s while the page is open.
    refetchInterval: 15_000,
    staleTime: 0,
  });
}
