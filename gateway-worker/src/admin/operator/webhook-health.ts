// GET /api/operator/webhook-health — webhook delivery health across every endpoint: outcomes of
// the deliveries created in [from, to), failing and disabled endpoints, deliveries still waiting.
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../context.ts";
import { rangeLimitQuerySchema } from "../../services/analytics/index.ts";
import { queryWebhookHealth } from "../../services/webhooks/health.ts";
import { documented, RANGE_DOCS, ratio } from "../analytics/shared.ts";
import { timestamp } from "../schemas.ts";
import { operatorAnalyticsBase, operatorAnalyticsErrors } from "./analytics-shared.ts";

const query = documented(rangeLimitQuerySchema, {
  from: RANGE_DOCS.from,
  to: RANGE_DOCS.to,
  limit: {
    description: "How many failing or disabled endpoints to list (disabled first, then most failures)",
  },
});

const webhookHealthSchema = z
  .object({
    deliveries: z.object({
      succeeded: z.number().int(),
      failed: z.number().int().openapi({ description: "Gave up after the whole retry schedule" }),
      pending: z.number().int(),
      successRate: ratio
        .nullable()
        .openapi({ description: "succeeded / (succeeded + failed); null without any" }),
    }),
    endpoints: z.object({
      total: z.number().int(),
      enabled: z.number().int(),
      failing: z.number().int().openapi({ description: "Enabled, and the latest attempt failed" }),
      disabled: z.number().int(),
    }),
    backlog: z
      .object({
        pending: z.number().int(),
        retrying: z.number().int().openapi({ description: "Pending after at least one failed attempt" }),
        oldestDueAt: timestamp.nullable(),
      })
      .openapi({ description: "Now, whatever the range: deliveries not yet finished" }),
    problemEndpoints: z.array(
      z.object({
        webhookId: z.string(),
        organizationId: z.string(),
        organizationName: z.string().nullable(),
        host: z.string().openapi({ description: "The endpoint's host only (its path may carry secrets)" }),
        enabled: z.boolean(),
        consecutiveFailures: z.number().int(),
        failingSince: timestamp.nullable(),
        disabledAt: timestamp.nullable(),
        disabledReason: z.string().nullable(),
      }),
    ),
  })
  .openapi("OperatorWebhookHealth");

export const webhookHealthRoute = createRoute({
  ...operatorAnalyticsBase,
  path: "/operator/webhook-health",
  summary: "Webhook delivery health across every endpoint",
  operationId: "getOperatorWebhookHealth",
  request: { query },
  responses: {
    200: {
      description: "Delivery outcomes, endpoint states and the delivery backlog",
      content: { "application/json": { schema: webhookHealthSchema } },
    },
    ...operatorAnalyticsErrors,
  },
});

export const webhookHealthHandler: RouteHandler<typeof webhookHealthRoute, AppEnv> = async (c) =>
  c.json(await queryWebhookHealth(c.var.services.database.db, c.req.valid("query")), 200);
