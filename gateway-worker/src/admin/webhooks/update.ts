// PATCH /api/webhooks/endpoints/{id} — URL (SSRF-checked again), description, event types, rate cap.
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import { routePermission } from "../../auth/roles.ts";
import type { AppEnv } from "../../context.ts";
import { webhooks } from "../../db/schema/webhooks.ts";
import { recordAudit } from "../../services/audit.ts";
import { adminSecurity, errorResponses, jsonBody, mutationErrors } from "../schemas.ts";
import {
  assertEndpointUrl,
  endpointAuditView,
  endpointDescription,
  endpointEventTypes,
  endpointIdParams,
  endpointRate,
  endpointUrl,
  loadOwnEndpoint,
  toEndpointView,
  webhookEndpointSchema,
} from "./shared.ts";

export const updateEndpointBody = z
  .object({
    url: endpointUrl.optional(),
    description: endpointDescription.optional(),
    eventTypes: endpointEventTypes.optional(),
    rateLimitPerSecond: endpointRate.optional(),
  })
  .strict()
  .openapi("UpdateWebhookEndpoint");

export const updateEndpointRoute = createRoute({
  method: "patch",
  path: "/webhooks/endpoints/{id}",
  tags: ["Webhooks"],
  summary: "Update a webhook endpoint",
  operationId: "updateWebhookEndpoint",
  security: adminSecurity,
  ...routePermission("webhooks:write"),
  request: { params: endpointIdParams, body: jsonBody(updateEndpointBody) },
  responses: {
    200: { description: "The endpoint", content: { "application/json": { schema: webhookEndpointSchema } } },
    ...mutationErrors,
    ...errorResponses(404),
  },
});

export const updateEndpointHandler: RouteHandler<typeof updateEndpointRoute, AppEnv> = async (c) => {
  const before = await loadOwnEndpoint(c, c.req.valid("param").id);
  const body = c.req.valid("json");
  if (body.url !== undefined) assertEndpointUrl(c, body.url);
  const row = await c.var.services.database.transaction(async (tx) => {
    const [updated] = await tx
      .update(webhooks)
      .set({
        ...(body.url !== undefined && { url: body.url }),
        ...(body.description !== undefined && { description: body.description }),
        ...(body.eventTypes !== undefined && { eventTypes: body.eventTypes }),
        ...(body.rateLimitPerSecond !== undefined && { rateLimitPerSecond: body.rateLimitPerSecond }),
        updatedAt: new Date(),
      })
      .where(eq(webhooks.id, before.id))
      .returning();
    if (!updated) throw new Error("update returned no row");
    await recordAudit(
      c,
      {
        action: "webhook_endpoint.update",
        targetType: "webhook_endpoint",
        targetId: before.id,
        before: endpointAuditView(before),
        after: endpointAuditView(updated),
      },
      tx,
    );
    return updated;
  });
  return c.json(toEndpointView(row), 200);
};
