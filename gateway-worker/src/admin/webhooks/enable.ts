// POST /api/webhooks/endpoints/{id}/enable — enables an endpoint again; its failed backlog is not resent (use recover).
import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import { routePermission } from "../../auth/roles.ts";
import type { AppEnv } from "../../context.ts";
import { adminSecurity, errorResponses } from "../schemas.ts";
import { setEndpointEnabled } from "./set-enabled.ts";
import { endpointIdParams, webhookEndpointSchema } from "./shared.ts";

export const enableEndpointRoute = createRoute({
  method: "post",
  path: "/webhooks/endpoints/{id}/enable",
  tags: ["Webhooks"],
  summary: "Enable a webhook endpoint",
  operationId: "enableWebhookEndpoint",
  security: adminSecurity,
  ...routePermission("webhooks:write"),
  request: { params: endpointIdParams },
  responses: {
    200: { description: "The endpoint", content: { "application/json": { schema: webhookEndpointSchema } } },
    ...errorResponses(400, 401, 403, 404),
  },
});

export const enableEndpointHandler: RouteHandler<typeof enableEndpointRoute, AppEnv> = async (c) =>
  c.json(await setEndpointEnabled(c, c.req.valid("param").id, true), 200);
