// The create/edit endpoint form: its values, the checks made before sending (the ones the API
// would make the same way: required URL, a chosen event when "selected events", the rate cap's
// range), and the request body. The URL's SSRF rules are the API's alone — they depend on the
// environment (http and loopback receivers only in development) — so a refused URL comes back as
// the API's field error, shown under the URL field.
import {
  MAX_WEBHOOK_DESCRIPTION,
  MAX_WEBHOOK_RATE_PER_SECOND,
  MAX_WEBHOOK_URL_LENGTH,
} from "@edgegate/shared/webhook-events";
import type { CreateEndpointBody, WebhookEndpoint } from "../../queries/webhooks.ts";

export interface EndpointFormValues {
  url: string;
  description: string;
  /** "all": every event type, now and later (sent as an empty list). */
  events: "all" | "selected";
  eventTypes: string[];
  /** Deliveries per second at most; "" = no cap. */
  rateLimit: string;
}

export const EMPTY_ENDPOINT_FORM: EndpointFormValues = {
  url: "",
  description: "",
  events: "all",
  eventTypes: [],
  rateLimit: "",
};

/** API field paths → the form's labels (for the error summary and inline errors). */
export const ENDPOINT_FIELD_LABELS: Record<string, string> = {
  url: "Endpoint URL",
  description: "Description",
  eventTypes: "Events",
  rateLimitPerSecond: "Rate cap",
};

export function formValuesOf(endpoint: WebhookEndpoint): EndpointFormValues {
  return {
    url: endpoint.url,
    description: endpoint.description,
    events: endpoint.eventTypes.length === 0 ? "all" : "selected",
    eventTypes: [...endpoint.eventTypes],
    rateLimit: endpoint.rateLimitPerSecond === null ? "" : String(endpoint.rateLimitPerSecond),
  };
}

export type EndpointFormResult =
  | {
      ok: true;
      body: Required<Pick<CreateEndpointBody, "url" | "description" | "eventTypes">> & {
        rateLimitPerSecond: number | null;
      };
    }
  | { ok: false; errors: Record<string, string> };

export function validateEndpointForm(values: EndpointFormValues): EndpointFormResult {
  const errors: Record<string, string> = {};
  const url = values.url.trim();
  if (!url) errors.url = "Enter the URL that receives the events, e.g. https://example.com/webhooks.";
  else if (url.length > MAX_WEBHOOK_URL_LENGTH) errors.url = `At most ${MAX_WEBHOOK_URL_LENGTH} characters.`;
  const description = values.description.trim();
  if (description.length > MAX_WEBHOOK_DESCRIPTION) {
    errors.description = `At most ${MAX_WEBHOOK_DESCRIPTION} characters.`;
  }
  if (values.events === "selected" && values.eventTypes.length === 0) {
    errors.eventTypes = "Choose at least one event type, or receive all events.";
  }
  let rateLimitPerSecond: number | null = null;
  const rate = values.rateLimit.trim();
  if (rate) {
    if (!/^\d+$/.test(rate) || Number(rate) < 1 || Number(rate) > MAX_WEBHOOK_RATE_PER_SECOND) {
      errors.rateLimitPerSecond = `A whole number from 1 to ${MAX_WEBHOOK_RATE_PER_SECOND}, or empty for no cap.`;
    } else {
      rateLimitPerSecond = Number(rate);
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    body: {
      url,
      description,
      eventTypes: (values.events === "all" ? [] : values.eventTypes) as NonNullable<
        CreateEndpointBody["eventTypes"]
      >,
      rateLimitPerSecond,
    },
  };
}
