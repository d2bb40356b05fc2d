// PATCH /api/keys/{id} — name, scopes, limits, allowlist, enabled, expiry. Postgres first,
// then `publishKeyChange` so every gateway isolate sees the change on its next request.
import { ApiError } from "@edgegate/shared/errors";
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import { routePermission } from "../../auth/roles.ts";
import type { AppEnv } from "../../context.ts";
import { apiKeys } from "../../db/schema/api-keys.ts";
import { syncKeyChange } from "../../services/admin-redis.ts";
import { keyAuditView } from "../../services/api-key-views.ts";
import { recordAudit } from "../../services/audit.ts";
import { adminSecurity, errorResponses, isUniqueViolation, jsonBody, mutationErrors } from "../schemas.ts";
import {
  apiKeySchema,
  duplicateName,
  futureTimestamp,
  keyBurstLimit,
  keyIdParams,
  keyIpAllowlist,
  keyName,
  keyRateLimit,
  keyScopes,
  loadOwnKey,
  toApiKeyView,
} from "./shared.ts";

export const updateKeyBody = z
  .object({
    name: keyName.optional(),
    scopes: keyScopes.optional(),
    rateLimitPerMinute: keyRateLimit.optional(),
    burstLimit: keyBurstLimit.optional(),
    ipAllowlist: keyIpAllowlist.optional(),
    enabled: z.boolean().optional(),
    expiresAt: futureTimestamp.nullable().optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, "at least one field is required")
  .openapi("UpdateApiKey");

export const updateKeyRoute = createRoute({
  method: "patch",
  path: "/keys/{id}",
  tags: ["API keys"],
  summary: "Update an API key",
  operationId: "updateKey",
  security: adminSecurity,
  ...routePermission("keys:write"),
  request: { params: keyIdParams, body: jsonBody(updateKeyBody) },
  responses: {
    200: { description: "The updated key", content: { "application/json": { schema: apiKeySchema } } },
    ...mutationErrors,
    ...errorResponses(404, 409),
  },
});

export const updateKeyHandler: RouteHandler<typeof updateKeyRoute, AppEnv> = async (c) => {
  const before = await loadOwnKey(c, c.req.valid("param").id);
  if (before.revokedAt) throw new ApiError("CONFLICT", "A revoked key cannot be changed.");
  const body = c.req.valid("json");
  let row: typeof apiKeys.$inferSelect | undefined;
  try {
    row = await c.var.services.database.transaction(async (tx) => {
      const [updated] = await tx
        .update(apiKeys)
        .set({
          ...(body.name !== undefined && { name: body.name }),
          ...(body.scopes !== undefined && { scopes: body.scopes }),
          ...(body.rateLimitPerMinute !== undefined && { rateLimitPerMinute: body.rateLimitPerMinute }),
          ...(body.burstLimit !== undefined && { burstLimit: body.burstLimit }),
          ...(body.ipAllowlist !== undefined && { ipAllowlist: body.ipAllowlist }),
          ...(body.enabled !== undefined && { enabled: body.enabled }),
          ...(body.expiresAt !== undefined && {
            expiresAt: body.expiresAt ? new Date(body.expiresAt) : null,
          }),
          updatedAt: new Date(),
        })
        .where(and(eq(apiKeys.id, before.id), eq(apiKeys.organizationId, before.organizationId)))
        .returning();
      if (!updated) throw new ApiError("NOT_FOUND", "No such API key.");
      await recordAudit(
        c,
        {
          action: "api_key.update",
          targetType: "api_key",
          targetId: updated.id,
          before: keyAuditView(before),
          after: keyAuditView(updated),
        },
        tx,
      );
      return updated;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateName();
    throw error;
  }
  if (!row) throw new ApiError("NOT_FOUND", "No such API key.");
  await syncKeyChange(c.var.services, row.keyHash);
  return c.json(toApiKeyView(row), 200);
};
