// POST /api/keys/{id}/rotate — issues a successor with the same settings (returned once) and
// keeps the old key valid for `gracePeriodSeconds` (0 = ends now), never beyond its own expiry.
// The successor takes the name; the old key is renamed "<name> (rotated <time>)".
import { apiKeyDisplayPrefix, generateApiKey, hashApiKey } from "@edgegate/shared/api-key";
import { MAX_GRACE_SECONDS } from "@edgegate/shared/api-key-limits";
import { ApiError } from "@edgegate/shared/errors";
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { and, eq, isNull } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import { callerOf } from "../../auth/caller.ts";
import { routePermission } from "../../auth/roles.ts";
import type { AppEnv } from "../../context.ts";
import { apiKeys } from "../../db/schema/api-keys.ts";
import { syncKeyChange } from "../../services/admin-redis.ts";
import { keyAuditView, keyStatus } from "../../services/api-key-views.ts";
import { recordAudit } from "../../services/audit.ts";
import { adminSecurity, errorResponses, jsonBody, mutationErrors } from "../schemas.ts";
import { apiKeySchema, keyIdParams, loadOwnKey, toApiKeyView } from "./shared.ts";

export const rotateKeyBody = z
  .object({
    gracePeriodSeconds: z
      .number()
      .int()
      .min(0)
      .max(MAX_GRACE_SECONDS)
      .default(0)
      .openapi({ description: "How long the old key keeps working; 0 = it stops now" }),
  })
  .strict()
  .openapi("RotateApiKey");

export const rotateKeyRoute = createRoute({
  method: "post",
  path: "/keys/{id}/rotate",
  tags: ["API keys"],
  summary: "Rotate an API key",
  operationId: "rotateKey",
  security: adminSecurity,
  ...routePermission("keys:write"),
  request: { params: keyIdParams, body: jsonBody(rotateKeyBody) },
  responses: {
    201: {
      description: "The successor; `key` is shown only here",
      content: {
        "application/json": {
          schema: z
            .object({ key: z.string(), apiKey: apiKeySchema, previous: apiKeySchema })
            .openapi("RotatedApiKey"),
        },
      },
    },
    ...mutationErrors,
    ...errorResponses(404, 409),
  },
});

export const rotateKeyHandler: RouteHandler<typeof rotateKeyRoute, AppEnv> = async (c) => {
  const caller = callerOf(c);
  const old = await loadOwnKey(c, c.req.valid("param").id);
  const status = keyStatus(old);
  if (status !== "active" && status !== "disabled") {
    throw new ApiError("CONFLICT", `A key that is ${status} cannot be rotated.`);
  }
  const { gracePeriodSeconds } = c.req.valid("json");
  const now = new Date();
  let graceEnd = now.getTime() + gracePeriodSeconds * 1000;
  if (old.expiresAt) graceEnd = Math.min(graceEnd, old.expiresAt.getTime());
  const key = generateApiKey();
  const keyHash = await hashApiKey(key);
  const newId = `key_${uuidv7()}`;
  const { created, previous } = await c.var.services.database.transaction(async (tx) => {
    // Claims the key: of two rotations racing, the second finds it already rotated (its row
    // lock waits for the first to commit) and gets 409, not a second successor.
    const [claimed] = await tx
      .update(apiKeys)
      .set({ name: `${old.name} (rotated ${now.toISOString()})`, updatedAt: now })
      .where(and(eq(apiKeys.id, old.id), isNull(apiKeys.rotatedToKeyId), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id });
    if (!claimed) throw new ApiError("CONFLICT", "The key was rotated or revoked meanwhile.");
    const [created] = await tx
      .insert(apiKeys)
      .values({
        id: newId,
        organizationId: old.organizationId,
        name: old.name,
        keyHash,
        displayPrefix: apiKeyDisplayPrefix(key),
        scopes: old.scopes,
        rateLimitPerMinute: old.rateLimitPerMinute,
        burstLimit: old.burstLimit,
        ipAllowlist: old.ipAllowlist,
        expiresAt: old.expiresAt,
        enabled: old.enabled,
        metadata: old.metadata,
        createdBy: caller.actor.type === "user" ? caller.actor.id : old.createdBy,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    const [previous] = await tx
      .update(apiKeys)
      .set({ rotatedToKeyId: newId, graceExpiresAt: new Date(graceEnd), updatedAt: now })
      .where(eq(apiKeys.id, old.id))
      .returning();
    if (!created || !previous) throw new Error("rotation wrote no rows");
    await recordAudit(
      c,
      {
        action: "api_key.rotate",
        targetType: "api_key",
        targetId: old.id,
        before: keyAuditView(old),
        after: { ...keyAuditView(previous), successor: keyAuditView(created), gracePeriodSeconds },
      },
      tx,
    );
    return { created, previous };
  });
  await Promise.all([syncKeyChange(c.var.services, old.keyHash), syncKeyChange(c.var.services, keyHash)]);
  c.header("Cache-Control", "no-store");
  return c.json({ key, apiKey: toApiKeyView(created), previous: toApiKeyView(previous) }, 201);
};
