// GET /api/webhooks/deliveries — the delivery log, newest first: filters by endpoint, event type,
// event, the audit entry that caused it, status and time; keyset pagination.
import { WEBHOOK_EVENT_TYPES } from "@edgegate/shared/webhook-event-types";
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { and, desc, eq, gte, inArray, lt, type SQL, sql } from "drizzle-orm";
import { callerOf } from "../../../auth/caller.ts";
import { routePermission } from "../../../auth/roles.ts";
import type { AppEnv } from "../../../context.ts";
import { WEBHOOK_DELIVERY_STATUSES, webhookDeliveries, webhookEvents } from "../../../db/schema/webhooks.ts";
import {
  adminSecurity,
  authErrors,
  cursorQuery,
  decodeCursor,
  encodeCursor,
  errorResponses,
  limitQuery,
  pageResponse,
  timestamp,
} from "../../schemas.ts";
import { toDeliveryView, webhookDeliverySchema } from "./shared.ts";

export const listDeliveriesRoute = createRoute({
  method: "get",
  path: "/webhooks/deliveries",
  tags: ["Webhooks"],
  summary: "List webhook deliveries",
  operationId: "listWebhookDeliveries",
  security: adminSecurity,
  ...routePermission("webhooks:read"),
  request: {
    query: z
      .object({
        endpointId: z.string().max(128).optional(),
        eventType: z.enum(WEBHOOK_EVENT_TYPES).optional(),
        eventId: z.string().max(128).optional(),
        auditLogId: z
          .string()
          .uuid()
          .optional()
          .openapi({ description: "Deliveries caused by this audit entry" }),
        status: z.enum(WEBHOOK_DELIVERY_STATUSES).optional(),
        from: timestamp.optional(),
        to: timestamp.optional(),
        limit: limitQuery,
        cursor: cursorQuery,
      })
      .strict(),
  },
  responses: {
    200: pageResponse(webhookDeliverySchema, "WebhookDeliveryPage", "A page of deliveries"),
    ...errorResponses(400),
    ...authErrors,
  },
});

const createdMs = sql`date_trunc('milliseconds', ${webhookDeliveries.createdAt})`;

export const listDeliveriesHandler: RouteHandler<typeof listDeliveriesRoute, AppEnv> = async (c) => {
  const { organizationId } = callerOf(c);
  const query = c.req.valid("query");
  const { db } = c.var.services.database;
  const conditions: (SQL | undefined)[] = [eq(webhookDeliveries.organizationId, organizationId)];
  if (query.endpointId) conditions.push(eq(webhookDeliveries.webhookId, query.endpointId));
  if (query.eventType) conditions.push(eq(webhookDeliveries.eventType, query.eventType));
  if (query.eventId) conditions.push(eq(webhookDeliveries.eventId, query.eventId));
  if (query.status) conditions.push(eq(webhookDeliveries.status, query.status));
  if (query.from) conditions.push(gte(webhookDeliveries.createdAt, new Date(query.from)));
  if (query.to) conditions.push(lt(webhookDeliveries.createdAt, new Date(query.to)));
  if (query.auditLogId) {
    const caused = db
      .select({ id: webhookEvents.id })
      .from(webhookEvents)
      .where(
        and(eq(webhookEvents.organizationId, organizationId), eq(webhookEvents.auditLogId, query.auditLogId)),
      );
    conditions.push(inArray(webhookDeliveries.eventId, caused));
  }
  if (query.cursor) {
    const [at, id] = decodeCursor(query.cursor, z.tuple([z.iso.datetime(), z.string().max(128)]));
    conditions.push(sql`(${createdMs}, ${webhookDeliveries.id}) < (${at}::timestamptz, ${id})`);
  }
  const rows = await db
    .select()
    .from(webhookDeliveries)
    .where(and(...conditions))
    .orderBy(desc(createdMs), desc(webhookDeliveries.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > query.limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null;
  return c.json({ data: page.map(toDeliveryView), nextCursor }, 200);
};
