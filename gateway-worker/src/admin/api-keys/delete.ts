// DELETE /api/keys/{id} — revokes first (so the version stamp tells every isolate holding the
// record to re-read it), then deletes, then refreshes the caches with the key's absence.
import { ApiError } from "@edgegate/shared/errors";
import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import { routePermission } from "../../auth/roles.ts";
import type { AppEnv } from "../../context.ts";
import { apiKeys } from "../../db/schema/api-keys.ts";
import { syncKeyChange } from "../../services/admin-redis.ts";
import { keyAuditView } from "../../services/api-key-views.ts";
import { recordAudit } from "../../services/audit.ts";
import { adminSecurity, errorResponses } from "../schemas.ts";
import { keyIdParams, loadOwnKey } from "./shared.ts";

export const deleteKeyRoute = createRoute({
  method: "delete",
  path: "/keys/{id}",
  tags: ["API keys"],
  summary: "Delete an API key",
  operationId: "deleteKey",
  security: adminSecurity,
  ...routePermission("keys:write"),
  request: { params: keyIdParams },
  responses: {
    204: { description: "Deleted; the gateway refuses it from its next request" },
    ...errorResponses(400, 401, 403, 404),
  },
});

export const deleteKeyHandler: RouteHandler<typeof deleteKeyRoute, AppEnv> = async (c) => {
  const before = await loadOwnKey(c, c.req.valid("param").id);
  const { services } = c.var;
  if (!before.revokedAt) {
    const now = new Date();
    await services.database.db
      .update(apiKeys)
      .set({ revokedAt: now, updatedAt: now })
      .where(eq(apiKeys.id, before.id));
    await syncKeyChange(services, before.keyHash);
  }
  await services.database.transaction(async (tx) => {
    const deleted = await tx.delete(apiKeys).where(eq(apiKeys.id, before.id)).returning({ id: apiKeys.id });
    if (deleted.length === 0) throw new ApiError("NOT_FOUND", "No such API key.");
    await recordAudit(
      c,
      { action: "api_key.delete", targetType: "api_key", targetId: before.id, before: keyAuditView(before) },
      tx,
    );
  });
  // Now a miss: this isolate and KV cache the absence; other isolates re-read after the stamp.
  await services.keyStore.refresh(before.keyHash);
  return c.body(null, 204);
};
