// GET /api/analytics/timeseries — requests, errors and latency per bucket, every bucket present.
import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import { callerOf } from "../../auth/caller.ts";
import type { AppEnv } from "../../context.ts";
import { analyticsErrors, analyticsRouteBase, timeSeriesQuery, timeSeriesSchema } from "./shared.ts";

export const analyticsTimeSeriesRoute = createRoute({
  ...analyticsRouteBase,
  path: "/analytics/timeseries",
  summary: "Time series of a range",
  operationId: "getAnalyticsTimeSeries",
  description:
    "Buckets start on the time zone's wall clock. `granularity=auto` picks minutes up to 6 hours, hours up to 7 days, days beyond.",
  request: { query: timeSeriesQuery },
  responses: {
    200: {
      description: "One point per bucket",
      content: { "application/json": { schema: timeSeriesSchema } },
    },
    ...analyticsErrors,
  },
});

export const analyticsTimeSeriesHandler: RouteHandler<typeof analyticsTimeSeriesRoute, AppEnv> = async (
  c,
) => {
  const { organizationId } = callerOf(c);
  return c.json(await c.var.services.analytics.timeSeries(organizationId, c.req.valid("query")), 200);
};
