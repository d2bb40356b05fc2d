// POST /api/webhooks/endpoints/{id}/test — sends the catalog's example of an event type to this
// endpoint only, through the normal path (outbox → queue → signed delivery, in the log).
import { ApiError } from "@edgegate/shared/errors";
import { WEBHOOK_EVENT_TYPES } from "@edgegate/shared/webhook-event-types";
import { WEBHOOK_EVENTS } from "@edgegate/shared/webhook-events";
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { routePermission } from "../../auth/roles.ts";
import type { AppEnv } from "../../context.ts";
import { recordAudit } from "../../services/audit.ts";
import { adminSecurity, errorResponses, jsonBody, mutationErrors } from "../schemas.ts";
import { endpointIdParams, loadOwnEndpoint } from "./shared.ts";

export const testEventBody = z
  .object({ eventType: z.enum(WEBHOOK_EVENT_TYPES).default("api_key.created") })
  .strict()
  .openapi("SendWebhookTestEvent");

export const testEventRoute = createRoute({
  method: "post",
  path: "/webhooks/endpoints/{id}/test",
  tags: ["Webhooks"],
  summary: "Send a test event to an endpoint",
  operationId: "sendWebhookTestEvent",
  security: adminSecurity,
  ...routePermission("webhooks:write"),
  request: { params: endpointIdParams, body: jsonBody(testEventBody) },
  responses: {
    202: {
      description: "Queued; follow it in the delivery log (filter by `eventId`)",
      content: {
        "application/json": { schema: z.object({ eventId: z.string() }).openapi("WebhookTestEventQueued") },
      },
    },
    ...mutationErrors,
    ...errorResponses(404, 409),
  },
});

export const testEventHandler: RouteHandler<typeof testEventRoute, AppEnv> = async (c) => {
  const endpoint = await loadOwnEndpoint(c, c.req.valid("param").id);
  if (!endpoint.enabled) throw new ApiError("CONFLICT", "The endpoint is disabled; enable it first.");
  const { eventType } = c.req.valid("json");
  const { eventId } = await recordAudit(c, {
    action: "webhook_endpoint.test",
    targetType: "webhook_endpoint",
    targetId: endpoint.id,
    after: { eventType },
    event: { type: eventType, data: WEBHOOK_EVENTS[eventType].example, webhookId: endpoint.id },
  });
  if (!eventId) throw new Error("the test event was not written");
  return c.json({ eventId }, 202);
};
