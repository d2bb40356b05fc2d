// GET /api/analytics/summary — the headline numbers for [from, to) and the previous period.
import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import { callerOf } from "../../auth/caller.ts";
import type { AppEnv } from "../../context.ts";
import { analyticsErrors, analyticsRouteBase, rangeQuery, summarySchema } from "./shared.ts";

export const analyticsSummaryRoute = createRoute({
  ...analyticsRouteBase,
  path: "/analytics/summary",
  summary: "Summary of a time range",
  operationId: "getAnalyticsSummary",
  request: { query: rangeQuery },
  responses: {
    200: {
      description: "Totals, rates and latency percentiles",
      content: { "application/json": { schema: summarySchema } },
    },
    ...analyticsErrors,
  },
});

export const analyticsSummaryHandler: RouteHandler<typeof analyticsSummaryRoute, AppEnv> = async (c) => {
  const { organizationId } = callerOf(c);
  return c.json(await c.var.services.analytics.summary(organizationId, c.req.valid("query")), 200);
};
