// GET /api/webhooks/event-types — the event catalog: each type's description, the JSON Schema
// of its payload (the same one the OpenAPI document publishes under `webhooks`) and an example.
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { routePermission } from "../../auth/roles.ts";
import type { AppEnv } from "../../context.ts";
import { adminSecurity, authErrors } from "../schemas.ts";
import { eventCatalog } from "./catalog.ts";

export const eventTypesRoute = createRoute({
  method: "get",
  path: "/webhooks/event-types",
  tags: ["Webhooks"],
  summary: "List webhook event types",
  operationId: "listWebhookEventTypes",
  security: adminSecurity,
  ...routePermission("webhooks:read"),
  responses: {
    200: {
      description: "Every event type",
      content: {
        "application/json": {
          schema: z
            .object({
              data: z.array(
                z.object({
                  type: z.string(),
                  description: z.string(),
                  schema: z.record(z.string(), z.unknown()),
                  example: z.record(z.string(), z.unknown()),
                }),
              ),
            })
            .openapi("WebhookEventTypes"),
        },
      },
    },
    ...authErrors,
  },
});

export const eventTypesHandler: RouteHandler<typeof eventTypesRoute, AppEnv> = (c) =>
  c.json({ data: eventCatalog() }, 200);
