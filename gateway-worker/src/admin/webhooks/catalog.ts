// The event catalog as JSON Schema (2020-12, what OpenAPI 3.1 uses): for the event-types route
// and the OpenAPI document's top-level `webhooks` field. Built once per isolate.
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "@edgegate/shared/webhook-event-types";
import { WEBHOOK_EVENTS } from "@edgegate/shared/webhook-events";
import { z } from "zod";

export interface CatalogEntry {
  type: WebhookEventType;
  description: string;
  /** The JSON Schema of the whole body: `{ type, timestamp, data }`. */
  schema: Record<string, unknown>;
  example: Record<string, unknown>;
}

let catalog: CatalogEntry[] | undefined;

export function eventCatalog(): CatalogEntry[] {
  catalog ??= WEBHOOK_EVENT_TYPES.map((type) => {
    const event = WEBHOOK_EVENTS[type];
    const body = z.object({
      type: z.literal(type),
      timestamp: z.string().datetime({ offset: true }),
      data: event.data,
    });
    const { $schema: _dialect, ...schema } = z.toJSONSchema(body) as Record<string, unknown>;
    return {
      type,
      description: event.description,
      schema,
      example: { type, timestamp: "2026-12-01T12:00:00.000Z", data: event.example },
    };
  });
  return catalog;
}

/** The Standard Webhooks headers every delivery carries (webhooks guide: verifying signatures). */
const SIGNATURE_HEADERS = [
  {
    name: "webhook-id",
    in: "header",
    required: true,
    description: "The message id: the same on every retry of one event, so receivers can deduplicate.",
    schema: { type: "string" },
  },
  {
    name: "webhook-timestamp",
    in: "header",
    required: true,
    description: "Unix seconds when this attempt was signed; reject deliveries more than 5 minutes off.",
    schema: { type: "string", pattern: "^[0-9]+$" },
  },
  {
    name: "webhook-signature",
    in: "header",
    required: true,
    description:
      "Space-separated `v1,<base64 HMAC-SHA256>` signatures of `{webhook-id}.{webhook-timestamp}.{body}` with the endpoint's `whsec_` secret (two during a secret rotation).",
    schema: { type: "string" },
  },
];

/** The OpenAPI 3.1 `webhooks` object: one POST per event type, with its payload schema. */
export function openApiWebhooks(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const entry of eventCatalog()) {
    out[entry.type] = {
      post: {
        summary: entry.type,
        // api_key.revoked → receiveApiKeyRevoked: what a receiver's generated handler would be called.
        operationId: `receive${entry.type.replace(/(^|[._-])([a-z])/g, (_, __, letter: string) => letter.toUpperCase())}`,
        // The receiver authenticates Edgegate by the signature header, not by an OpenAPI scheme.
        security: [],
        parameters: SIGNATURE_HEADERS,
        description: `${entry.description} Signed per Standard Webhooks (\`webhook-id\`, \`webhook-timestamp\`, \`webhook-signature\`).`,
        tags: ["Webhook events"],
        requestBody: {
          required: true,
          content: { "application/json": { schema: entry.schema, example: entry.example } },
        },
        responses: { "2XX": { description: "Any 2xx acknowledges the delivery; anything else is retried" } },
      },
    };
  }
  return out;
}
