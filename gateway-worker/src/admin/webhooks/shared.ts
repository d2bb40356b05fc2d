// What the webhook routes share: the public view of an endpoint (never its secret), input field
// schemas, the SSRF check with the field named, loading an endpoint of the caller's organization
// (else 404), and the audit summary.
import { ApiError } from "@edgegate/shared/errors";
import { WEBHOOK_EVENT_TYPES } from "@edgegate/shared/webhook-event-types";
import {
  MAX_WEBHOOK_DESCRIPTION,
  MAX_WEBHOOK_RATE_PER_SECOND,
  MAX_WEBHOOK_URL_LENGTH,
} from "@edgegate/shared/webhook-events";
import { webhookUrlError } from "@edgegate/shared/webhook-url";
import { z } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import type { Context } from "hono";
import { callerOf } from "../../auth/caller.ts";
import type { AppEnv } from "../../context.ts";
import { type Webhook, webhooks } from "../../db/schema/webhooks.ts";
import { allowsLocalReceivers } from "../../services/webhooks/deliver.ts";
import { iso, timestamp } from "../schemas.ts";

export const endpointUrl = z
  .string()
  .trim()
  .min(1)
  .max(MAX_WEBHOOK_URL_LENGTH)
  .openapi({ example: "https://hooks.example.com/edgegate" });
export const endpointDescription = z.string().trim().max(MAX_WEBHOOK_DESCRIPTION);
export const endpointEventTypes = z
  .array(z.enum(WEBHOOK_EVENT_TYPES))
  .max(WEBHOOK_EVENT_TYPES.length)
  .openapi({ description: "Event types to receive; empty = all", example: ["api_key.created"] });
export const endpointRate = z
  .number()
  .int()
  .min(1)
  .max(MAX_WEBHOOK_RATE_PER_SECOND)
  .nullable()
  .openapi({ description: "At most this many deliveries per second; null = no cap" });

export const endpointHealthSchema = z.object({
  attempts24h: z.number().int(),
  successRate24h: z.number().nullable().openapi({ description: "0–1; null when nothing was attempted" }),
  lastAttemptAt: timestamp.nullable(),
});

export const webhookEndpointSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    description: z.string(),
    eventTypes: z.array(z.string()),
    rateLimitPerSecond: z.number().int().nullable(),
    enabled: z.boolean(),
    disabledReason: z.string().nullable(),
    disabledAt: timestamp.nullable(),
    failingSince: timestamp.nullable(),
    consecutiveFailures: z
      .number()
      .int()
      .openapi({ description: "Failed attempts in a row since the last success (the failing streak)" }),
    secretRotatingUntil: timestamp.nullable().openapi({
      description: "Until then deliveries also carry a signature made with the previous secret",
    }),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .openapi("WebhookEndpoint");

export function toEndpointView(row: Webhook, now = Date.now()): z.infer<typeof webhookEndpointSchema> {
  const rotating = row.previousSecretExpiresAt && row.previousSecretExpiresAt.getTime() > now;
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.eventTypes,
    rateLimitPerSecond: row.rateLimitPerSecond,
    enabled: row.enabled,
    disabledReason: row.disabledReason,
    disabledAt: iso(row.disabledAt),
    failingSince: iso(row.failingSince),
    consecutiveFailures: row.consecutiveFailures,
    secretRotatingUntil: rotating ? iso(row.previousSecretExpiresAt) : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The audit summary of an endpoint: settings only, never the secret. */
export function endpointAuditView(row: Webhook): Record<string, unknown> {
  return {
    url: row.url,
    description: row.description,
    eventTypes: row.eventTypes,
    rateLimitPerSecond: row.rateLimitPerSecond,
    enabled: row.enabled,
  };
}

/** The SSRF guard at create/update: a refused URL answers 400 naming the `url` field. */
export function assertEndpointUrl(c: Context<AppEnv>, url: string): void {
  const error = webhookUrlError(url, { allowLocal: allowsLocalReceivers(c.var.services.config) });
  if (error) {
    throw new ApiError("VALIDATION_FAILED", `Invalid body: url ${error}.`, {
      fields: [{ path: "url", message: error }],
    });
  }
}

export const endpointIdParams = z.object({
  id: z
    .string()
    .min(1)
    .max(128)
    .openapi({ param: { name: "id", in: "path" }, example: "whe_0193…" }),
});

/** An endpoint of the caller's organization, or 404 (also for another organization's). */
export async function loadOwnEndpoint(c: Context<AppEnv>, id: string): Promise<Webhook> {
  const [row] = await c.var.services.database.db
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.id, id), eq(webhooks.organizationId, callerOf(c).organizationId)))
    .limit(1);
  if (!row) throw new ApiError("NOT_FOUND", "No such webhook endpoint.");
  return row;
}

export const secretResponse = z
  .object({
    secret: z.string().openapi({ example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" }),
  })
  .openapi("WebhookSecret");
