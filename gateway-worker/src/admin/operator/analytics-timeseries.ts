// GET /api/operator/analytics/timeseries — the platform's requests, errors and latency per bucket.
import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../../context.ts";
import { ALL_ORGANIZATIONS } from "../../services/analytics/index.ts";
import { timeSeriesQuery, timeSeriesSchema } from "../analytics/shared.ts";
import { operatorAnalyticsBase, operatorAnalyticsErrors } from "./analytics-shared.ts";

export const operatorTimeSeriesRoute = createRoute({
  ...operatorAnalyticsBase,
  path: "/operator/analytics/timeseries",
  summary: "Platform time series",
  operationId: "getOperatorAnalyticsTimeSeries",
  request: { query: timeSeriesQuery },
  responses: {
    200: {
      description: "One point per bucket, every bucket of the range present",
      content: { "application/json": { schema: timeSeriesSchema } },
    },
    ...operatorAnalyticsErrors,
  },
});

export const operatorTimeSeriesHandler: RouteHandler<typeof operatorTimeSeriesRoute, AppEnv> = async (c) =>
  c.json(await c.var.services.analytics.timeSeries(ALL_ORGANIZATIONS, c.req.valid("query")), 200);
