// GET /api/operator/analytics/top-organizations — the busiest organizations of a range.
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../context.ts";
import { topQuery } from "../analytics/shared.ts";
import {
  operatorAnalyticsBase,
  operatorAnalyticsErrors,
  organizationStatsSchema,
} from "./analytics-shared.ts";

export const topOrganizationsRoute = createRoute({
  ...operatorAnalyticsBase,
  path: "/operator/analytics/top-organizations",
  summary: "Top organizations",
  operationId: "getOperatorTopOrganizations",
  request: { query: topQuery },
  responses: {
    200: {
      description: "Organizations by request count, busiest first",
      content: { "application/json": { schema: z.object({ data: z.array(organizationStatsSchema) }) } },
    },
    ...operatorAnalyticsErrors,
  },
});

export const topOrganizationsHandler: RouteHandler<typeof topOrganizationsRoute, AppEnv> = async (c) =>
  c.json({ data: await c.var.services.analytics.topOrganizations(c.req.valid("query")) }, 200);
