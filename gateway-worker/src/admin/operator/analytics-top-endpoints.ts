// GET /api/operator/analytics/top-endpoints — the platform's busiest endpoints, each with its
// organization (two customers' `/v1/users` are two APIs).
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../context.ts";
import { topQuery } from "../analytics/shared.ts";
import {
  operatorAnalyticsBase,
  operatorAnalyticsErrors,
  platformEndpointSchema,
} from "./analytics-shared.ts";

export const operatorTopEndpointsRoute = createRoute({
  ...operatorAnalyticsBase,
  path: "/operator/analytics/top-endpoints",
  summary: "Top endpoints across organizations",
  operationId: "getOperatorTopEndpoints",
  request: { query: topQuery },
  responses: {
    200: {
      description: "Endpoints by request count, busiest first",
      content: { "application/json": { schema: z.object({ data: z.array(platformEndpointSchema) }) } },
    },
    ...operatorAnalyticsErrors,
  },
});

export const operatorTopEndpointsHandler: RouteHandler<typeof operatorTopEndpointsRoute, AppEnv> = async (
  c,
) => c.json({ data: await c.var.services.analytics.platformTopEndpoints(c.req.valid("query")) }, 200);
