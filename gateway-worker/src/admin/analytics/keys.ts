// GET /api/analytics/keys — traffic per API key.
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { callerOf } from "../../auth/caller.ts";
import type { AppEnv } from "../../context.ts";
import { analyticsErrors, analyticsRouteBase, keyStatsSchema, topQuery } from "./shared.ts";

export const keyBreakdownRoute = createRoute({
  ...analyticsRouteBase,
  path: "/analytics/keys",
  summary: "Per-key breakdown",
  operationId: "getKeyBreakdown",
  request: { query: topQuery },
  responses: {
    200: {
      description: "Keys by request count, busiest first",
      content: { "application/json": { schema: z.object({ data: z.array(keyStatsSchema) }) } },
    },
    ...analyticsErrors,
  },
});

export const keyBreakdownHandler: RouteHandler<typeof keyBreakdownRoute, AppEnv> = async (c) => {
  const { organizationId } = callerOf(c);
  return c.json(
    { data: await c.var.services.analytics.keyBreakdown(organizationId, c.req.valid("query")) },
    200,
  );
};
