// POST /api/keys/{id}/revoke — the gateway refuses the key from its next request on.
import { ApiError } from "@edgegate/shared/errors";
import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import { and, eq, isNull } from "drizzle-orm";
import { routePermission } from "../../auth/roles.ts";
import type { AppEnv } from "../../context.ts";
import { apiKeys } from "../../db/schema/api-keys.ts";
import { syncKeyChange } from "../../services/admin-redis.ts";
import { keyAuditView } from "../../services/api-key-views.ts";
import { recordAudit } from "../../services/audit.ts";
import { adminSecurity, errorResponses } from "../schemas.ts";
import { apiKeySchema, keyIdParams, loadOwnKey, toApiKeyView } from "./shared.ts";

export const revokeKeyRoute = createRoute({
  method: "post",
  path: "/keys/{id}/revoke",
  tags: ["API keys"],
  summary: "Revoke an API key",
  operationId: "revokeKey",
  security: adminSecurity,
  ...routePermission("keys:write"),
  request: { params: keyIdParams },
  responses: {
    200: { description: "The revoked key", content: { "application/json": { schema: apiKeySchema } } },
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

export const revokeKeyHandler: RouteHandler<typeof revokeKeyRoute, AppEnv> = async (c) => {
  const before = await loadOwnKey(c, c.req.valid("param").id);
  if (before.revokedAt) throw new ApiError("CONFLICT", "The key is already revoked.");
  const now = new Date();
  const row = await c.var.services.database.transaction(async (tx) => {
    const [revoked] = await tx
      .update(apiKeys)
      .set({ revokedAt: now, updatedAt: now })
      // Conditional, so of two revocations racing only one succeeds (and is audit-logged).
      .where(and(eq(apiKeys.id, before.id), isNull(apiKeys.revokedAt)))
      .returning();
    if (!revoked) throw new ApiError("CONFLICT", "The key is already revoked.");
    await recordAudit(
      c,
      {
        action: "api_key.revoke",
        targetType: "api_key",
        targetId: revoked.id,
        before: keyAuditView(before),
        after: keyAuditView(revoked),
      },
      tx,
    );
    return revoked;
  });
  await syncKeyChange(c.var.services, row.keyHash);
  return c.json(toApiKeyView(row), 200);
};
