// GET /api/automation-tokens — the organization's tokens (never their secrets or hashes).
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { desc, eq } from "drizzle-orm";
import { callerOf } from "../../auth/caller.ts";
import { routePermission } from "../../auth/roles.ts";
import type { AppEnv } from "../../context.ts";
import { automationTokens } from "../../db/schema/api-keys.ts";
import { adminSecurity, authErrors } from "../schemas.ts";
import { automationTokenSchema, toTokenView } from "./shared.ts";

export const listTokensRoute = createRoute({
  method: "get",
  path: "/automation-tokens",
  tags: ["Automation tokens"],
  summary: "List automation tokens",
  operationId: "listAutomationTokens",
  security: adminSecurity,
  ...routePermission("tokens:read"),
  responses: {
    200: {
      description: "Every token of the organization, newest first",
      content: { "application/json": { schema: z.object({ data: z.array(automationTokenSchema) }) } },
    },
    ...authErrors,
  },
});

export const listTokensHandler: RouteHandler<typeof listTokensRoute, AppEnv> = async (c) => {
  const rows = await c.var.services.database.db
    .select()
    .from(automationTokens)
    .where(eq(automationTokens.organizationId, callerOf(c).organizationId))
    .orderBy(desc(automationTokens.createdAt))
    .limit(500);
  return c.json({ data: rows.map(toTokenView) }, 200);
};
