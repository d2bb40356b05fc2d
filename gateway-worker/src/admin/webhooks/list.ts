// GET /api/webhooks/endpoints — the organization's endpoints with their 24-hour health.
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { desc, eq } from "drizzle-orm";
import { callerOf } from "../../auth/caller.ts";
import { routePermission } from "../../auth/roles.ts";
import type { AppEnv } from "../../context.ts";
import { webhooks } from "../../db/schema/webhooks.ts";
import { adminSecurity, authErrors } from "../schemas.ts";
import { endpointHealth } from "./health.ts";
import { endpointHealthSchema, toEndpointView, webhookEndpointSchema } from "./shared.ts";

export const endpointWithHealthSchema = webhookEndpointSchema
  .extend({ health: endpointHealthSchema })
  .openapi("WebhookEndpointWithHealth");

export const listEndpointsRoute = createRoute({
  method: "get",
  path: "/webhooks/endpoints",
  tags: ["Webhooks"],
  summary: "List webhook endpoints",
  operationId: "listWebhookEndpoints",
  security: adminSecurity,
  ...routePermission("webhooks:read"),
  responses: {
    200: {
      description: "Every endpoint of the organization, newest first",
      content: {
        "application/json": {
          schema: z.object({ data: z.array(endpointWithHealthSchema) }).openapi("WebhookEndpointList"),
        },
      },
    },
    ...authErrors,
  },
});

export const listEndpointsHandler: RouteHandler<typeof listEndpointsRoute, AppEnv> = async (c) => {
  const { organizationId } = callerOf(c);
  const { database } = c.var.services;
  const rows = await database.db
    .select()
    .from(webhooks)
    .where(eq(webhooks.organizationId, organizationId))
    .orderBy(desc(webhooks.createdAt), desc(webhooks.id));
  const health = await endpointHealth(
    database,
    organizationId,
    rows.map((row) => row.id),
  );
  const data = rows.map((row) => ({
    ...toEndpointView(row),
    health: health.get(row.id) ?? { attempts24h: 0, successRate24h: null, lastAttemptAt: null },
  }));
  return c.json({ data }, 200);
};
