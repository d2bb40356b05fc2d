// Webhooks: the endpoints (with their 24-hour health), the event-type catalog, the delivery log
// (filters, keyset cursor) and one delivery with its attempts, as query-option factories shared by
// the route loader (prefetchQuery) and the components, plus the mutations. Every change is
// audited server-side, so each mutation refreshes the audit log as well as what it changed.

import type { WebhookEventType } from "@edgegate/shared/webhook-event-types";
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

export type WebhookEndpoint = components["schemas"]["WebhookEndpointWithHealth"];
export type EndpointHealth = WebhookEndpoint["health"];
export type WebhookDelivery = components["schemas"]["WebhookDelivery"];
export type WebhookDeliveryDetail = components["schemas"]["WebhookDeliveryDetail"];
export type WebhookAttempt = components["schemas"]["WebhookAttempt"];
/** One entry of the event-type catalog: type, description, JSON Schema, example. */
export type EventTypeInfo = components["schemas"]["WebhookEventTypes"]["data"][number];
export type CreateEndpointBody = components["schemas"]["CreateWebhookEndpoint"];
export type UpdateEndpointBody = components["schemas"]["UpdateWebhookEndpoint"];
export type DeliveryStatus = WebhookDelivery["status"];

export const DELIVERY_STATUSES = [
  "pending",
  "succeeded",
  "failed",
] as const satisfies readonly DeliveryStatus[];

/** The delivery log's filters, as the API takes them (all optional). */
export interface DeliveryFilters {
  endpointId?: string | undefined;
  eventType?: WebhookEventType | undefined;
  status?: DeliveryStatus | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export const DELIVERY_PAGE_SIZE = 25;

const FILTER_NAMES = ["endpointId", "eventType", "status", "from", "to"] as const;

/** Only the filters that are set, in a fixed order, so equal filters give equal query keys. */
export function normalizeDeliveryFilters(filters: DeliveryFilters): DeliveryFilters {
  const out: Record<string, string> = {};
  for (const name of FILTER_NAMES) {
    const value = filters[name];
    if (value !== undefined && value !== "") out[name] = value;
  }
  return out as DeliveryFilters;
}

export const webhookKeys = {
  all: (orgId: string) => ["org", orgId, "webhooks"] as const,
  endpoints: (orgId: string) => [...webhookKeys.all(orgId), "endpoints"] as const,
  eventTypes: (orgId: string) => [...webhookKeys.all(orgId), "event-types"] as const,
  deliveries: (orgId: string) => [...webhookKeys.all(orgId), "deliveries"] as const,
  deliveryPage: (orgId: string, filters: DeliveryFilters, cursor: string | undefined) =>
    [...webhookKeys.deliveries(orgId), "page", normalizeDeliveryFilters(filters), cursor ?? null] as const,
  delivery: (orgId: string, id: string) => [...webhookKeys.deliveries(orgId), "one", id] as const,
};

export function endpointsQueryOptions(orgId: string) {
  return queryOptions({
    queryKey: webhookKeys.endpoints(orgId),
    queryFn: ({ signal }) => unwrap(api.GET("/webhooks/endpoints", { signal })),
    // Health moves as deliveries are attempted.
    refetchInterval: 30_000,
  });
}

export function eventTypesQueryOptions(orgId: string) {
  return queryOptions({
    queryKey: webhookKeys.eventTypes(orgId),
    queryFn: ({ signal }) => unwrap(api.GET("/webhooks/event-types", { signal })),
    // The catalog ships with the Worker: it changes with a deploy, not while a page is open.
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** While any delivery on screen is pending, look again soon: its next attempt is under way. */
const PENDING_REFRESH_MS = 2_000;

export function deliveryPageQueryOptions(orgId: string, filters: DeliveryFilters, cursor?: string) {
  return queryOptions({
    queryKey: webhookKeys.deliveryPage(orgId, filters, cursor),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/webhooks/deliveries", {
          params: {
            query: {
              ...normalizeDeliveryFilters(filters),
              limit: DELIVERY_PAGE_SIZE,
              ...(cursor ? { cursor } : {}),
            },
          },
          signal,
        }),
      ),
    staleTime: 5_000,
    placeholderData: keepPreviousData,
    refetchInterval: (query) =>
      query.state.data?.data.some((delivery) => delivery.status === "pending") ? PENDING_REFRESH_MS : 15_000,
  });
}

export function deliveryQueryOptions(orgId: string, id: string) {
  return queryOptions({
    queryKey: webhookKeys.delivery(orgId, id),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/webhooks/deliveries/{id}", { params: { path: { id } }, signal })),
    refetchInterval: (query) =>
      query.state.data?.delivery.status === "pending" ? PENDING_REFRESH_MS : false,
  });
}

/** After any webhook change: endpoints, the delivery log and the audit log are stale. */
function afterChange(queryClient: QueryClient, orgId: string) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: webhookKeys.endpoints(orgId) }),
    queryClient.invalidateQueries({ queryKey: webhookKeys.deliveries(orgId) }),
    queryClient.invalidateQueries({ queryKey: auditKeys.all(orgId) }),
  ]);
}

// Secrets come back from create, reveal and rotate only. gcTime 0 drops the mutation (and the
// secret in its `data`) as soon as the component showing it lets go.
const SECRET_MUTATION = { gcTime: 0 } as const;

export function useCreateEndpoint(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    ...SECRET_MUTATION,
    mutationFn: (body: CreateEndpointBody) => unwrap(api.POST("/webhooks/endpoints", { body })),
    onSuccess: () => afterChange(queryClient, orgId),
  });
}

export function useUpdateEndpoint(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateEndpointBody }) =>
      unwrap(api.PATCH("/webhooks/endpoints/{id}", { params: { path: { id } }, body })),
    onSuccess: () => afterChange(queryClient, orgId),
  });
}

export function useDeleteEndpoint(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/webhooks/endpoints/{id}", { params: { path: { id } } })),
    onSuccess: () => afterChange(queryClient, orgId),
  });
}

export function useSetEndpointEnabled(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, enabled }: { id: string; enabled: boolean }) =>
      unwrap(
        enabled
          ? api.POST("/webhooks/endpoints/{id}/enable", { params: { path: { id } } })
          : api.POST("/webhooks/endpoints/{id}/disable", { params: { path: { id } } }),
      ),
    onSuccess: () => afterChange(queryClient, orgId),
  });
}

export function useSendTestEvent(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, eventType }: { id: string; eventType: WebhookEventType }) =>
      unwrap(api.POST("/webhooks/endpoints/{id}/test", { params: { path: { id } }, body: { eventType } })),
    onSuccess: () => afterChange(queryClient, orgId),
  });
}

export function useRecoverEndpoint(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, since }: { id: string; since: string }) =>
      unwrap(api.POST("/webhooks/endpoints/{id}/recover", { params: { path: { id } }, body: { since } })),
    onSuccess: () => afterChange(queryClient, orgId),
  });
}

export function useRevealSecret(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    ...SECRET_MUTATION,
    mutationFn: (id: string) =>
      unwrap(api.POST("/webhooks/endpoints/{id}/secret/reveal", { params: { path: { id } } })),
    // The reveal is audited.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: auditKeys.all(orgId) }),
  });
}

export function useRotateSecret(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    ...SECRET_MUTATION,
    mutationFn: (id: string) =>
      unwrap(api.POST("/webhooks/endpoints/{id}/secret/rotate", { params: { path: { id } } })),
    onSuccess: () => afterChange(queryClient, orgId),
  });
}

export function useReplayDelivery(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.POST("/webhooks/deliveries/{id}/replay", { params: { path: { id } } })),
    onSuccess: () => afterChange(queryClient, orgId),
  });
}
