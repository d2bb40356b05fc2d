// The webhooks page's URL: the delivery log's filters (endpoint, event type, status, time range),
// its page cursors, and `deliveryId`, which opens that delivery's drawer (a shareable link to one
// delivery). Invalid values are dropped, so a mangled link opens the page with its defaults.
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "@edgegate/shared/webhook-event-types";
import { z } from "zod";
import {
  asSearchObject,
  compact,
  cursorParam,
  enumParam,
  instantParam,
  prevCursorsParam,
  searchResult,
  textParam,
} from "../../lib/search-params.ts";
import { DELIVERY_STATUSES, type DeliveryFilters, type DeliveryStatus } from "../../queries/webhooks.ts";

/** Endpoint and delivery ids as the API hands them out (`whe_…`, `dlv_…`; the API allows 128). */
const idParam = textParam(128, /^[A-Za-z0-9_-]+$/);

const rawSchema = z.object({
  endpointId: idParam,
  eventType: enumParam(WEBHOOK_EVENT_TYPES),
  status: enumParam(DELIVERY_STATUSES),
  from: instantParam,
  to: instantParam,
  cursor: cursorParam,
  prev: prevCursorsParam,
  deliveryId: idParam,
});

export type WebhooksSearch = {
  endpointId?: string;
  eventType?: WebhookEventType;
  status?: DeliveryStatus;
  from?: string;
  to?: string;
  cursor?: string;
  /** Cursors of the newer pages before this one, so "Newer" steps back through a shared link too. */
  prev?: string[];
  /** The delivery whose drawer is open. */
  deliveryId?: string;
};

export function parseWebhooksSearch(input: unknown): WebhooksSearch {
  const raw = rawSchema.parse(asSearchObject(input));
  const search: WebhooksSearch = {
    ...raw,
    // Only meaningful on a page after the first.
    prev: raw.cursor ? raw.prev : undefined,
  };
  // An inverted range matches nothing and the API refuses it: keep `from`, drop `to`.
  if (search.from && search.to && Date.parse(search.to) <= Date.parse(search.from)) search.to = undefined;
  return searchResult(rawSchema.shape, search);
}

/** The filters the API takes (everything but the page cursors and the open drawer). */
export function deliveryFiltersOf(search: WebhooksSearch): DeliveryFilters {
  const { cursor: _cursor, prev: _prev, deliveryId: _deliveryId, ...filters } = search;
  return compact(filters);
}

export function hasDeliveryFilters(search: WebhooksSearch): boolean {
  return Object.values(deliveryFiltersOf(search)).some((value) => value !== undefined);
}

/** New filters start again from the newest page; the drawer stays as it was. */
export function withDeliveryFilters(search: WebhooksSearch, filters: DeliveryFilters): WebhooksSearch {
  return compact({ ...compact(filters), deliveryId: search.deliveryId }) as WebhooksSearch;
}
