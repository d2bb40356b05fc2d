// GET /api/operator/queues — what can be counted of the queues' backlog: dead letters not yet
// replayed and webhook events not yet dispatched, from Postgres (exact when read). Cloudflare
// Queues expose no backlog to a Worker, so the queues' own depth is not here (services/queue-depth.ts).
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../context.ts";
import { queryQueueDepth } from "../../services/queue-depth.ts";
import { timestamp } from "../schemas.ts";
import { operatorAnalyticsBase, operatorAnalyticsErrors } from "./analytics-shared.ts";

const queueDepthSchema = z
  .object({
    deadLetters: z.array(
      z.object({
        queue: z.string().openapi({ example: "request-logs" }),
        kind: z.enum(["malformed", "dead_letter"]),
        count: z.number().int().openapi({ description: "Kept in dead_letter_events and not yet replayed" }),
        oldestAt: timestamp.nullable(),
      }),
    ),
    outbox: z.object({
      undispatched: z.number().int().openapi({
        description: "Webhook events committed but not yet sent to the webhook-deliveries queue",
      }),
      oldestAt: timestamp.nullable(),
    }),
  })
  .openapi("OperatorQueueDepth");

export const queueDepthRoute = createRoute({
  ...operatorAnalyticsBase,
  path: "/operator/queues",
  summary: "Dead letters and the webhook outbox",
  operationId: "getOperatorQueueDepth",
  responses: {
    200: {
      description: "Counts from Postgres, exact when read",
      content: { "application/json": { schema: queueDepthSchema } },
    },
    ...operatorAnalyticsErrors,
  },
});

export const queueDepthHandler: RouteHandler<typeof queueDepthRoute, AppEnv> = async (c) =>
  c.json(await queryQueueDepth(c.var.services.database.db), 200);
