// The public view of a delivery (the log's row) and loading one of the caller's organization.
import { ApiError } from "@edgegate/shared/errors";
import { z } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import type { Context } from "hono";
import { callerOf } from "../../../auth/caller.ts";
import type { AppEnv } from "../../../context.ts";
import {
  WEBHOOK_DELIVERY_STATUSES,
  type WebhookDelivery,
  webhookDeliveries,
} from "../../../db/schema/webhooks.ts";
import { iso, timestamp } from "../../schemas.ts";

export const webhookDeliverySchema = z
  .object({
    id: z.string(),
    endpointId: z.string(),
    eventId: z.string().openapi({ description: "Sent as `webhook-id`" }),
    eventType: z.string(),
    status: z.enum(WEBHOOK_DELIVERY_STATUSES),
    attempts: z.number().int(),
    nextAttemptAt: timestamp.nullable().openapi({ description: "When pending: the next attempt" }),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    createdAt: timestamp,
    deliveredAt: timestamp.nullable(),
  })
  .openapi("WebhookDelivery");

export function toDeliveryView(row: WebhookDelivery): z.infer<typeof webhookDeliverySchema> {
  return {
    id: row.id,
    endpointId: row.webhookId,
    eventId: row.eventId,
    eventType: row.eventType,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.status === "pending" ? iso(row.nextAttemptAt) : null,
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    deliveredAt: iso(row.deliveredAt),
  };
}

export const deliveryIdParams = z.object({
  id: z
    .string()
    .min(1)
    .max(128)
    .openapi({ param: { name: "id", in: "path" }, example: "dlv_0193…" }),
});

export async function loadOwnDelivery(c: Context<AppEnv>, id: string): Promise<WebhookDelivery> {
  const [row] = await c.var.services.database.db
    .select()
    .from(webhookDeliveries)
    .where(
      and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.organizationId, callerOf(c).organizationId)),
    )
    .limit(1);
  if (!row) throw new ApiError("NOT_FOUND", "No such webhook delivery.");
  return row;
}
