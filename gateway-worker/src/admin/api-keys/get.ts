// GET /api/keys/{id} — one key's settings. (Its usage summary belongs to the analytics issue.)
import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import { routePermission } from "../../auth/roles.ts";
import type { AppEnv } from "../../context.ts";
import { adminSecurity, authErrors, errorResponses } from "../schemas.ts";
import { apiKeySchema, keyIdParams, loadOwnKey, toApiKeyView } from "./shared.ts";

export const getKeyRoute = createRoute({
  method: "get",
  path: "/keys/{id}",
  tags: ["API keys"],
  summary: "Get an API key",
  operationId: "getKey",
  security: adminSecurity,
  ...routePermission("keys:read"),
  request: { params: keyIdParams },
  responses: {
    200: {
      description: "The key (never its secret or hash)",
      content: { "application/json": { schema: apiKeySchema } },
    },
    ...errorResponses(400, 404),
    ...authErrors,
  },
});

export const getKeyHandler: RouteHandler<typeof getKeyRoute, AppEnv> = async (c) => {
  const key = await loadOwnKey(c, c.req.valid("param").id);
  return c.json(toApiKeyView(key), 200);
};
