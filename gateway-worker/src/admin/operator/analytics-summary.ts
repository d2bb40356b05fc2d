// GET /api/operator/analytics/summary — the platform's headline numbers for [from, to) and the
// previous period: requests, errors, latency percentiles, fail-open admissions.
import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../../context.ts";
import { ALL_ORGANIZATIONS } from "../../services/analytics/index.ts";
import { rangeQuery, summarySchema } from "../analytics/shared.ts";
import { operatorAnalyticsBase, operatorAnalyticsErrors } from "./analytics-shared.ts";

export const operatorSummaryRoute = createRoute({
  ...operatorAnalyticsBase,
  path: "/operator/analytics/summary",
  summary: "Platform summary of a time range",
  operationId: "getOperatorAnalyticsSummary",
  request: { query: rangeQuery },
  responses: {
    200: {
      description: "Totals, rates and latency percentiles across every organization",
      content: { "application/json": { schema: summarySchema } },
    },
    ...operatorAnalyticsErrors,
  },
});

export const operatorSummaryHandler: RouteHandler<typeof operatorSummaryRoute, AppEnv> = async (c) =>
  c.json(await c.var.services.analytics.summary(ALL_ORGANIZATIONS, c.req.valid("query")), 200);
