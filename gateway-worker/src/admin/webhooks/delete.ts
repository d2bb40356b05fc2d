// DELETE /api/webhooks/endpoints/{id} — removes the endpoint with its deliveries and attempts.
import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import { routePermission } from "../../auth/roles.ts";
import type { AppEnv } from "../../context.ts";
import { webhooks } from "../../db/schema/webhooks.ts";
import { recordAudit } from "../../services/audit.ts";
import { adminSecurity, errorResponses } from "../schemas.ts";
import { endpointAuditView, endpointIdParams, loadOwnEndpoint } from "./shared.ts";

export const deleteEndpointRoute = createRoute({
  method: "delete",
  path: "/webhooks/endpoints/{id}",
  tags: ["Webhooks"],
  summary: "Delete a webhook endpoint",
  operationId: "deleteWebhookEndpoint",
  security: adminSecurity,
  ...routePermission("webhooks:write"),
  request: { params: endpointIdParams },
  responses: {
    204: { description: "Deleted, with its delivery log" },
    ...errorResponses(400, 401, 403, 404),
  },
});

export const deleteEndpointHandler: RouteHandler<typeof deleteEndpointRoute, AppEnv> = async (c) => {
  const before = await loadOwnEndpoint(c, c.req.valid("param").id);
  await c.var.services.database.transaction(async (tx) => {
    await tx.delete(webhooks).where(eq(webhooks.id, before.id));
    await recordAudit(
      c,
      {
        action: "webhook_endpoint.delete",
        targetType: "webhook_endpoint",
        targetId: before.id,
        before: endpointAuditView(before),
      },
      tx,
    );
  });
  return c.body(null, 204);
};
