// POST /api/keys — creates a key; the full key is in this response and nowhere else, ever.
import { apiKeyDisplayPrefix, generateApiKey, hashApiKey } from "@edgegate/shared/api-key";
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { v7 as uuidv7 } from "uuid";
import { callerOf } from "../../auth/caller.ts";
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
  keyIpAllowlist,
  keyName,
  keyRateLimit,
  keyScopes,
  toApiKeyView,
} from "./shared.ts";

export const createKeyBody = z
  .object({
    name: keyName,
    scopes: keyScopes,
    rateLimitPerMinute: keyRateLimit.optional(),
    burstLimit: keyBurstLimit.optional(),
    ipAllowlist: keyIpAllowlist.optional(),
    expiresAt: futureTimestamp.nullable().optional(),
  })
  .strict()
  .openapi("CreateApiKey");

export const createdKeySchema = z
  .object({
    key: z.string().openapi({ description: "The full key. Shown once; store it now." }),
    apiKey: apiKeySchema,
  })
  .openapi("CreatedApiKey");

export const createKeyRoute = createRoute({
  method: "post",
  path: "/keys",
  tags: ["API keys"],
  summary: "Create an API key",
  operationId: "createKey",
  security: adminSecurity,
  ...routePermission("keys:write"),
  request: { body: jsonBody(createKeyBody) },
  responses: {
    201: {
      description: "Created; `key` is shown only here",
      content: { "application/json": { schema: createdKeySchema } },
    },
    ...mutationErrors,
    ...errorResponses(409),
  },
});

export const createKeyHandler: RouteHandler<typeof createKeyRoute, AppEnv> = async (c) => {
  const caller = callerOf(c);
  const body = c.req.valid("json");
  const key = generateApiKey();
  const keyHash = await hashApiKey(key);
  const now = new Date();
  let row: typeof apiKeys.$inferSelect | undefined;
  try {
    // The key, its audit row and its event commit together (services/audit.ts).
    row = await c.var.services.database.transaction(async (tx) => {
      const [inserted] = await tx
        .insert(apiKeys)
        .values({
          id: `key_${uuidv7()}`,
          organizationId: caller.organizationId,
          name: body.name,
          keyHash,
          displayPrefix: apiKeyDisplayPrefix(key),
          scopes: body.scopes,
          rateLimitPerMinute: body.rateLimitPerMinute ?? null,
          burstLimit: body.burstLimit ?? null,
          ipAllowlist: body.ipAllowlist ?? [],
          expiresAt: body.expiresAt ? new Date(body.expiresAt) : null,
          createdBy: caller.actor.type === "user" ? caller.actor.id : null,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      if (!inserted) throw new Error("insert returned no row");
      await recordAudit(
        c,
        {
          action: "api_key.create",
          targetType: "api_key",
          targetId: inserted.id,
          after: keyAuditView(inserted),
        },
        tx,
      );
      return inserted;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateName();
    throw error;
  }
  if (!row) throw new Error("insert returned no row");
  // A hash of a brand-new key may sit in a negative cache if someone guessed it: refresh it.
  await syncKeyChange(c.var.services, keyHash);
  c.header("Cache-Control", "no-store");
  return c.json({ key, apiKey: toApiKeyView(row) }, 201);
};
