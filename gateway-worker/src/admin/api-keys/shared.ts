// What the API-key routes share: the public view of a key (never its hash; its status and audit
// summary come from services/api-key-views.ts), the input field schemas, and loading a key of the
// caller's organization (else 404).

import { MAX_BURST_LIMIT, MAX_RATE_LIMIT } from "@edgegate/shared/api-key-limits";
import { ApiError } from "@edgegate/shared/errors";
import {
  ALLOWLIST_ENTRY_MESSAGE,
  MAX_ALLOWLIST_ENTRIES,
  MAX_ALLOWLIST_ENTRY_LENGTH,
  parseAllowlistEntry,
} from "@edgegate/shared/ip-allowlist";
import { apiKeyName } from "@edgegate/shared/profile-fields";
import { scopeSchema } from "@edgegate/shared/scope-schema";
import { MAX_SCOPES } from "@edgegate/shared/scopes";
import { apiKeyData } from "@edgegate/shared/webhook-events";
import { z } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import type { Context } from "hono";
import type { AppEnv } from "../../context.ts";
import { type ApiKey, apiKeys } from "../../db/schema/api-keys.ts";
import { keyAuditView } from "../../services/api-key-views.ts";
import { idParam, iso, timestamp, timestampInput } from "../schemas.ts";

export const keyName = apiKeyName().openapi({ example: "Production backend" });
export const keyScopes = z
  .array(scopeSchema)
  .min(1)
  .max(MAX_SCOPES)
  .openapi({ example: ["get:users", "*:orders"] });
export const keyRateLimit = z
  .number()
  .int()
  .min(1)
  .max(MAX_RATE_LIMIT)
  .nullable()
  .openapi({ description: "Requests per minute; null = the plan's limit" });
export const keyBurstLimit = z
  .number()
  .int()
  .min(1)
  .max(MAX_BURST_LIMIT)
  .nullable()
  .openapi({ description: "Token-bucket burst; null = the plan's" });
export const keyIpAllowlist = z
  .array(
    z
      .string()
      .trim()
      .max(MAX_ALLOWLIST_ENTRY_LENGTH)
      .refine((entry) => parseAllowlistEntry(entry) !== null, ALLOWLIST_ENTRY_MESSAGE),
  )
  .max(MAX_ALLOWLIST_ENTRIES)
  .openapi({ example: ["203.0.113.0/24", "2001:db8::/32"] });
export const futureTimestamp = timestampInput.refine(
  (value) => Date.parse(value) > Date.now(),
  "must be in the future",
);

// The key's fields as webhook payloads carry them (declared once in shared/), plus what only the
// console reads.
export const apiKeySchema = apiKeyData
  .extend({
    lastUsedAt: timestamp.nullable(),
    createdBy: z.string().nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .openapi("ApiKey");

export function toApiKeyView(key: ApiKey): z.infer<typeof apiKeySchema> {
  return {
    ...keyAuditView(key),
    lastUsedAt: iso(key.lastUsedAt),
    createdBy: key.createdBy,
    createdAt: key.createdAt.toISOString(),
    updatedAt: key.updatedAt.toISOString(),
  };
}

/** A key of the caller's organization, or 404 (also for another organization's key). */
export async function loadOwnKey(c: Context<AppEnv>, id: string): Promise<ApiKey> {
  const caller = c.var.caller;
  if (!caller) throw new ApiError("UNAUTHORIZED");
  const [key] = await c.var.services.database.db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.id, id), eq(apiKeys.organizationId, caller.organizationId)))
    .limit(1);
  if (!key) throw new ApiError("NOT_FOUND", "No such API key.");
  return key;
}

export const keyIdParams = idParam("The API key's id", "key_0193…");

export const duplicateName = () => new ApiError("CONFLICT", "An API key with this name already exists.");
