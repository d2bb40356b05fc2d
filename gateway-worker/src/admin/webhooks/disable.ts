// POST /api/webhooks/endpoints/{id}/disable — stops deliveries to an endpoint (pending ones fail).
import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import { routePermission } from "../../auth/roles.ts";
import type { AppEnv } from "../../context.ts";
import { adminSecurity, errorResponses } from "../schemas.ts";
import { setEndpointEnabled } from "./set-enabled.ts";
import { endpointIdParams, webhookEndpointSchema } from "./shared.ts";

export const disableEndpointRoute = createRoute({
  method: "post",
  path: "/webhooks/endpoints/{id}/disable",
  tags: ["Webhooks"],
  summary: "Disable a webhook endpoint",
  operationId: "disableWebhookEndpoint",
  security: adminSecurity,
  ...routePermission("webhooks:write"),
  request: { params: endpointIdParams },
  responses: {
    200: { description: "The endpoint", content: { "application/json": { schema: webhookEndpointSchema } } },
    ...errorResponses(400, 401, 403, 404),
  },
});

export const disableEndpointHandler: RouteHandler<typeof disableEndpointRoute, AppEnv> = async (c) =>
  c.json(await setEndpointEnabled(c, c.req.valid("param").id, false), 200);
