// POST /api/webhooks/deliveries/{id}/replay — sends a finished delivery again (same
// `webhook-id`, a new run of the retry schedule; its attempts keep counting).
import { ApiError } from "@edgegate/shared/errors";
import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import { and, eq, ne } from "drizzle-orm";
import { routePermission } from "../../../auth/roles.ts";
import type { AppEnv } from "../../../context.ts";
import { webhookDeliveries, webhooks } from "../../../db/schema/webhooks.ts";
import { recordAudit } from "../../../services/audit.ts";
import { adminSecurity, errorResponses } from "../../schemas.ts";
import { deliveryIdParams, loadOwnDelivery, toDeliveryView, webhookDeliverySchema } from "./shared.ts";

export const replayDeliveryRoute = createRoute({
  method: "post",
  path: "/webhooks/deliveries/{id}/replay",
  tags: ["Webhooks"],
  summary: "Replay a webhook delivery",
  operationId: "replayWebhookDelivery",
  security: adminSecurity,
  ...routePermission("webhooks:write"),
  request: { params: deliveryIdParams },
  responses: {
    202: { description: "Queued again", content: { "application/json": { schema: webhookDeliverySchema } } },
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

export const replayDeliveryHandler: RouteHandler<typeof replayDeliveryRoute, AppEnv> = async (c) => {
  const delivery = await loadOwnDelivery(c, c.req.valid("param").id);
  const { services } = c.var;
  const [endpoint] = await services.database.db
    .select({ enabled: webhooks.enabled })
    .from(webhooks)
    .where(eq(webhooks.id, delivery.webhookId));
  if (!endpoint?.enabled) throw new ApiError("CONFLICT", "The endpoint is disabled; enable it first.");
  const row = await services.database.transaction(async (tx) => {
    const [updated] = await tx
      .update(webhookDeliveries)
      .set({ status: "pending", scheduleStep: 0, nextAttemptAt: new Date(), lockedUntil: null })
      // Conditional: a delivery still in its schedule is not replayed (nor twice at once).
      .where(and(eq(webhookDeliveries.id, delivery.id), ne(webhookDeliveries.status, "pending")))
      .returning();
    if (!updated) throw new ApiError("CONFLICT", "The delivery is still pending.");
    await recordAudit(
      c,
      {
        action: "webhook_delivery.replay",
        targetType: "webhook_delivery",
        targetId: delivery.id,
        before: { status: delivery.status },
      },
      tx,
    );
    return updated;
  });
  // A failed send leaves it pending and due: the sweep sends it.
  await services.webhooks.enqueue([row.id]).catch((error: unknown) => {
    console.error(
      JSON.stringify({ event: "webhook_enqueue_failed", deliveryId: row.id, error: String(error) }),
    );
  });
  return c.json(toDeliveryView(row), 202);
};
