// GET /api/analytics/status-codes — requests per status code and per class.
import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import { callerOf } from "../../auth/caller.ts";
import type { AppEnv } from "../../context.ts";
import { analyticsErrors, analyticsRouteBase, rangeQuery, statusBreakdownSchema } from "./shared.ts";

export const statusCodesRoute = createRoute({
  ...analyticsRouteBase,
  path: "/analytics/status-codes",
  summary: "Status code breakdown",
  operationId: "getStatusCodeBreakdown",
  request: { query: rangeQuery },
  responses: {
    200: {
      description: "Requests by status code and by class",
      content: { "application/json": { schema: statusBreakdownSchema } },
    },
    ...analyticsErrors,
  },
});

export const statusCodesHandler: RouteHandler<typeof statusCodesRoute, AppEnv> = async (c) => {
  const { organizationId } = callerOf(c);
  return c.json(await c.var.services.analytics.statusBreakdown(organizationId, c.req.valid("query")), 200);
};
