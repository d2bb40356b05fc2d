// GET /api/webhooks/endpoints/{id} — one endpoint with its 24-hour health.
import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import { routePermission } from "../../auth/roles.ts";
import type { AppEnv } from "../../context.ts";
import { adminSecurity, errorResponses } from "../schemas.ts";
import { endpointHealth } from "./health.ts";
import { endpointWithHealthSchema } from "./list.ts";
import { endpointIdParams, loadOwnEndpoint, toEndpointView } from "./shared.ts";

export const getEndpointRoute = createRoute({
  method: "get",
  path: "/webhooks/endpoints/{id}",
  tags: ["Webhooks"],
  summary: "Get a webhook endpoint",
  operationId: "getWebhookEndpoint",
  security: adminSecurity,
  ...routePermission("webhooks:read"),
  request: { params: endpointIdParams },
  responses: {
    200: {
      description: "The endpoint",
      content: { "application/json": { schema: endpointWithHealthSchema } },
    },
    ...errorResponses(400, 401, 403, 404),
  },
});

export const getEndpointHandler: RouteHandler<typeof getEndpointRoute, AppEnv> = async (c) => {
  const row = await loadOwnEndpoint(c, c.req.valid("param").id);
  const health = await endpointHealth(c.var.services.database, row.organizationId, [row.id]);
  const empty = { attempts24h: 0, successRate24h: null, lastAttemptAt: null };
  return c.json({ ...toEndpointView(row), health: health.get(row.id) ?? empty }, 200);
};
