// GET /api/analytics/top-consumers — the busiest client IPs or countries (from the raw logs, so
// only within log retention).
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { callerOf } from "../../auth/caller.ts";
import type { AppEnv } from "../../context.ts";
import { analyticsErrors, analyticsRouteBase, clientStatsSchema, topQuery } from "./shared.ts";

const CONSUMER_DIMENSIONS = ["ip", "country"] as const;

export const topConsumersRoute = createRoute({
  ...analyticsRouteBase,
  path: "/analytics/top-consumers",
  summary: "Top client IPs or countries",
  operationId: "getTopConsumers",
  request: {
    query: topQuery.safeExtend({
      by: z.enum(CONSUMER_DIMENSIONS).default("ip").openapi({ description: "Group by client IP or country" }),
    }),
  },
  responses: {
    200: {
      description: "Clients by request count, busiest first",
      content: {
        "application/json": {
          schema: z.object({ by: z.enum(CONSUMER_DIMENSIONS), data: z.array(clientStatsSchema) }),
        },
      },
    },
    ...analyticsErrors,
  },
});

export const topConsumersHandler: RouteHandler<typeof topConsumersRoute, AppEnv> = async (c) => {
  const { organizationId } = callerOf(c);
  const { by, ...query } = c.req.valid("query");
  return c.json({ by, data: await c.var.services.analytics.topClients(organizationId, query, by) }, 200);
};
