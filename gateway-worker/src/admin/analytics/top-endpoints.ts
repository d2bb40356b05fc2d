// GET /api/analytics/top-endpoints — the busiest (method, path) pairs of a range.
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { callerOf } from "../../auth/caller.ts";
import type { AppEnv } from "../../context.ts";
import { analyticsErrors, analyticsRouteBase, endpointStatsSchema, topQuery } from "./shared.ts";

export const topEndpointsRoute = createRoute({
  ...analyticsRouteBase,
  path: "/analytics/top-endpoints",
  summary: "Top endpoints",
  operationId: "getTopEndpoints",
  request: { query: topQuery },
  responses: {
    200: {
      description: "Endpoints by request count, busiest first",
      content: { "application/json": { schema: z.object({ data: z.array(endpointStatsSchema) }) } },
    },
    ...analyticsErrors,
  },
});

export const topEndpointsHandler: RouteHandler<typeof topEndpointsRoute, AppEnv> = async (c) => {
  const { organizationId } = callerOf(c);
  return c.json(
    { data: await c.var.services.analytics.topEndpoints(organizationId, c.req.valid("query")) },
    200,
  );
};
