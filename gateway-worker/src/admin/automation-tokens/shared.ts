import { ApiError } from "@edgegate/shared/errors";
import { z } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import type { Context } from "hono";
import { callerOf } from "../../auth/caller.ts";
import type { AppEnv } from "../../context.ts";
import { type AutomationToken, automationTokens } from "../../db/schema/api-keys.ts";
import { idParam, iso, timestamp } from "../schemas.ts";

export const automationTokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    displayPrefix: z.string().openapi({ example: "egt_a8Kq2Z" }),
    role: z.enum(["admin", "developer", "viewer"]),
    expiresAt: timestamp.nullable(),
    revokedAt: timestamp.nullable(),
    lastUsedAt: timestamp.nullable(),
    createdBy: z.string().nullable(),
    createdAt: timestamp,
  })
  .openapi("AutomationToken");

export function toTokenView(row: AutomationToken): z.infer<typeof automationTokenSchema> {
  return {
    id: row.id,
    name: row.name,
    displayPrefix: row.displayPrefix,
    role: row.role,
    expiresAt: iso(row.expiresAt),
    revokedAt: iso(row.revokedAt),
    lastUsedAt: iso(row.lastUsedAt),
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}

export function tokenAuditView(row: AutomationToken): Record<string, unknown> {
  const { lastUsedAt: _l, createdAt: _c, ...view } = toTokenView(row);
  return view;
}

export const tokenIdParams = idParam("The automation token's id", "tok_0193…");

export async function loadOwnToken(c: Context<AppEnv>, id: string): Promise<AutomationToken> {
  const [row] = await c.var.services.database.db
    .select()
    .from(automationTokens)
    .where(and(eq(automationTokens.id, id), eq(automationTokens.organizationId, callerOf(c).organizationId)))
    .limit(1);
  if (!row) throw new ApiError("NOT_FOUND", "No such automation token.");
  return row;
}
