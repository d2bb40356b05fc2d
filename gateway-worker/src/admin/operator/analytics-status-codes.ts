// GET /api/operator/analytics/status-codes — the platform's requests per status code and class
// (the rollups carry statuses, not the gateway's error codes: each status's codes are in the docs).
import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../../context.ts";
import { ALL_ORGANIZATIONS } from "../../services/analytics/index.ts";
import { rangeQuery, statusBreakdownSchema } from "../analytics/shared.ts";
import { operatorAnalyticsBase, operatorAnalyticsErrors } from "./analytics-shared.ts";

export const operatorStatusCodesRoute = createRoute({
  ...operatorAnalyticsBase,
  path: "/operator/analytics/status-codes",
  summary: "Platform status code breakdown",
  operationId: "getOperatorStatusCodes",
  request: { query: rangeQuery },
  responses: {
    200: {
      description: "Requests by status code and by class, across every organization",
      content: { "application/json": { schema: statusBreakdownSchema } },
    },
    ...operatorAnalyticsErrors,
  },
});

export const operatorStatusCodesHandler: RouteHandler<typeof operatorStatusCodesRoute, AppEnv> = async (c) =>
  c.json(await c.var.services.analytics.statusBreakdown(ALL_ORGANIZATIONS, c.req.valid("query")), 200);
