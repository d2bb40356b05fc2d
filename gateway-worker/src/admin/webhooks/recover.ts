// POST /api/webhooks/endpoints/{id}/recover — resends every failed delivery of the endpoint
// created since a time (Svix's "recover"), e.g. after fixing a receiver that was down.
import { ApiError } from "@edgegate/shared/errors";
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { and, eq, gte } from "drizzle-orm";
import { routePermission } from "../../auth/roles.ts";
import type { AppEnv } from "../../context.ts";
import { webhookDeliveries } from "../../db/schema/webhooks.ts";
import { recordAudit } from "../../services/audit.ts";
import { adminSecurity, errorResponses, jsonBody, mutationErrors, timestamp } from "../schemas.ts";
import { endpointIdParams, loadOwnEndpoint } from "./shared.ts";

export const recoverBody = z.object({ since: timestamp }).strict().openapi("RecoverWebhookDeliveries");

export const recoverRoute = createRoute({
  method: "post",
  path: "/webhooks/endpoints/{id}/recover",
  tags: ["Webhooks"],
  summary: "Resend an endpoint's failed deliveries since a time",
  operationId: "recoverWebhookDeliveries",
  security: adminSecurity,
  ...routePermission("webhooks:write"),
  request: { params: endpointIdParams, body: jsonBody(recoverBody) },
  responses: {
    202: {
      description: "How many deliveries were queued again",
      content: {
        "application/json": {
          schema: z.object({ recovered: z.number().int() }).openapi("RecoveredWebhookDeliveries"),
        },
      },
    },
    ...mutationErrors,
    ...errorResponses(404, 409),
  },
});

export const recoverHandler: RouteHandler<typeof recoverRoute, AppEnv> = async (c) => {
  const endpoint = await loadOwnEndpoint(c, c.req.valid("param").id);
  if (!endpoint.enabled) throw new ApiError("CONFLICT", "The endpoint is disabled; enable it first.");
  const { since } = c.req.valid("json");
  const { services } = c.var;
  const ids = await services.database.transaction(async (tx) => {
    const rows = await tx
      .update(webhookDeliveries)
      .set({ status: "pending", scheduleStep: 0, nextAttemptAt: new Date(), lockedUntil: null })
      .where(
        and(
          eq(webhookDeliveries.webhookId, endpoint.id),
          eq(webhookDeliveries.status, "failed"),
          gte(webhookDeliveries.createdAt, new Date(since)),
        ),
      )
      .returning({ id: webhookDeliveries.id });
    await recordAudit(
      c,
      {
        action: "webhook_endpoint.recover",
        targetType: "webhook_endpoint",
        targetId: endpoint.id,
        after: { since, recovered: rows.length },
      },
      tx,
    );
    return rows.map((row) => row.id);
  });
  // A failed send leaves them pending and due: the sweep sends them.
  await services.webhooks.enqueue(ids).catch((error: unknown) => {
    console.error(
      JSON.stringify({ event: "webhook_enqueue_failed", count: ids.length, error: String(error) }),
    );
  });
  return c.json({ recovered: ids.length }, 202);
};
