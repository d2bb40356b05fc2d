// GET /api/webhooks/deliveries/{id} — one delivery: the event (payload, and what caused it: the
// audit entry and admin request or job), the endpoint, and every attempt with its response.
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { asc, eq } from "drizzle-orm";
import { routePermission } from "../../../auth/roles.ts";
import type { AppEnv } from "../../../context.ts";
import {
  WEBHOOK_ERROR_CLASSES,
  webhookAttempts,
  webhookEvents,
  webhooks,
} from "../../../db/schema/webhooks.ts";
import { adminSecurity, errorResponses, iso, timestamp } from "../../schemas.ts";
import { deliveryIdParams, loadOwnDelivery, toDeliveryView, webhookDeliverySchema } from "./shared.ts";

const attemptSchema = z
  .object({
    attemptNumber: z.number().int(),
    startedAt: timestamp,
    durationMs: z.number().int(),
    statusCode: z.number().int().nullable(),
    errorClass: z.enum(WEBHOOK_ERROR_CLASSES).nullable(),
    errorMessage: z.string().nullable(),
    requestHeaders: z.record(z.string(), z.string()),
    responseHeaders: z.record(z.string(), z.string()).nullable(),
    responseBody: z.string().nullable().openapi({ description: "The first 1 KB" }),
  })
  .openapi("WebhookAttempt");

export const deliveryDetailSchema = z
  .object({
    delivery: webhookDeliverySchema,
    endpoint: z.object({ id: z.string(), url: z.string() }).nullable(),
    event: z.object({
      id: z.string(),
      type: z.string(),
      payload: z.record(z.string(), z.unknown()),
      cause: z.string().openapi({ description: "`request:<admin request id>`, `job:<name>`…" }),
      auditLogId: z.string().nullable(),
      createdAt: timestamp,
    }),
    attempts: z.array(attemptSchema),
  })
  .openapi("WebhookDeliveryDetail");

export const getDeliveryRoute = createRoute({
  method: "get",
  path: "/webhooks/deliveries/{id}",
  tags: ["Webhooks"],
  summary: "Get a webhook delivery with its attempts",
  operationId: "getWebhookDelivery",
  security: adminSecurity,
  ...routePermission("webhooks:read"),
  request: { params: deliveryIdParams },
  responses: {
    200: { description: "The delivery", content: { "application/json": { schema: deliveryDetailSchema } } },
    ...errorResponses(400, 401, 403, 404),
  },
});

export const getDeliveryHandler: RouteHandler<typeof getDeliveryRoute, AppEnv> = async (c) => {
  const delivery = await loadOwnDelivery(c, c.req.valid("param").id);
  const { db } = c.var.services.database;
  const [[event], [endpoint], attempts] = await Promise.all([
    db.select().from(webhookEvents).where(eq(webhookEvents.id, delivery.eventId)),
    db
      .select({ id: webhooks.id, url: webhooks.url })
      .from(webhooks)
      .where(eq(webhooks.id, delivery.webhookId)),
    db
      .select()
      .from(webhookAttempts)
      .where(eq(webhookAttempts.deliveryId, delivery.id))
      .orderBy(asc(webhookAttempts.attemptNumber)),
  ]);
  if (!event) throw new Error("a delivery without its event");
  return c.json(
    {
      delivery: toDeliveryView(delivery),
      endpoint: endpoint ?? null,
      event: {
        id: event.id,
        type: event.type,
        payload: event.payload,
        cause: event.cause,
        auditLogId: event.auditLogId,
        createdAt: event.createdAt.toISOString(),
      },
      attempts: attempts.map((attempt) => ({
        attemptNumber: attempt.attemptNumber,
        startedAt: iso(attempt.startedAt) as string,
        durationMs: attempt.durationMs,
        statusCode: attempt.statusCode,
        errorClass: attempt.errorClass,
        errorMessage: attempt.errorMessage,
        requestHeaders: attempt.requestHeaders,
        responseHeaders: attempt.responseHeaders,
        responseBody: attempt.responseBody,
      })),
    },
    200,
  );
};
