// Who is calling the admin API, resolved once per request: a better-auth session cookie or an
// `Authorization: Bearer egt_…` automation token → { organizationId, role, actor } on
// `c.var.caller`. Every admin query is scoped to `caller.organizationId`.
// Also the origin check: state-changing requests from another origin are refused.
import { ApiError } from "@edgegate/shared/errors";
import { and, eq } from "drizzle-orm";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../context.ts";
import { automationTokens } from "../db/schema/api-keys.ts";
import { isMemberRole, type MemberRole, members } from "../db/schema/auth.ts";
import { AUTOMATION_TOKEN_PATTERN, hashAutomationToken } from "./automation-tokens.ts";
import { createAuth } from "./better-auth.ts";

export interface Caller {
  organizationId: string;
  role: MemberRole;
  actor: { type: "user" | "token"; id: string; label: string };
  /** Set for session callers (better-auth session id). */
  sessionId?: string;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * State-changing requests must come from the admin origin. Browsers always send `Origin` on
 * cross-origin requests and on same-origin POST/PUT/PATCH/DELETE, so a missing Origin with a
 * session cookie is refused too; scripts using a Bearer token need not send one.
 */
export const originCheck = createMiddleware<AppEnv>(async (c, next) => {
  if (!SAFE_METHODS.has(c.req.method)) {
    const expected = new URL(c.var.services.config.ADMIN_ORIGIN).origin;
    const origin = c.req.header("Origin");
    const usesBearer = /^Bearer\s/i.test(c.req.header("Authorization") ?? "");
    if (origin !== undefined ? origin !== expected : !usesBearer && Boolean(c.req.header("Cookie"))) {
      throw new ApiError("FORBIDDEN", "Cross-origin state-changing requests are refused.");
    }
  }
  await next();
});

async function fromToken(c: Context<AppEnv>, token: string): Promise<Caller> {
  if (!AUTOMATION_TOKEN_PATTERN.test(token)) throw new ApiError("UNAUTHORIZED", "The token is not valid.");
  const { db } = c.var.services.database;
  const [row] = await db
    .select()
    .from(automationTokens)
    .where(eq(automationTokens.tokenHash, await hashAutomationToken(token)))
    .limit(1);
  const now = Date.now();
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt.getTime() <= now)) {
    throw new ApiError("UNAUTHORIZED", "The token is not valid, revoked or expired.");
  }
  // Best effort, off the response path.
  c.executionCtx.waitUntil(
    db
      .update(automationTokens)
      .set({ lastUsedAt: new Date(now) })
      .where(eq(automationTokens.id, row.id))
      .then(() => undefined)
      .catch(() => undefined),
  );
  return {
    organizationId: row.organizationId,
    role: row.role,
    actor: { type: "token", id: row.id, label: row.name },
  };
}

async function fromSession(c: Context<AppEnv>): Promise<Caller> {
  const auth = createAuth(c.var.services);
  const result = await auth.api.getSession({ headers: c.req.raw.headers });
  if (!result) throw new ApiError("UNAUTHORIZED", "Sign in or send an automation token.");
  const organizationId = result.session.activeOrganizationId;
  if (!organizationId) {
    throw new ApiError(
      "FORBIDDEN",
      "No active organization: create one or choose one with POST /api/auth/organization/set-active.",
    );
  }
  const [member] = await c.var.services.database.db
    .select({ role: members.role })
    .from(members)
    .where(and(eq(members.organizationId, organizationId), eq(members.userId, result.user.id)))
    .limit(1);
  if (!member || !isMemberRole(member.role)) {
    throw new ApiError("FORBIDDEN", "You are not a member of the active organization.");
  }
  return {
    organizationId,
    role: member.role,
    actor: { type: "user", id: result.user.id, label: result.user.email },
    sessionId: result.session.id,
  };
}

/** Resolves the caller or answers 401. */
export const requireCaller = createMiddleware<AppEnv>(async (c, next) => {
  const authorization = c.req.header("Authorization");
  if (authorization !== undefined) {
    const token = /^Bearer +(\S+)$/i.exec(authorization.trim())?.[1];
    if (!token) throw new ApiError("UNAUTHORIZED", 'The Authorization header must be "Bearer <token>".');
    c.set("caller", await fromToken(c, token));
  } else {
    c.set("caller", await fromSession(c));
  }
  await next();
});

/** The resolved caller; only valid behind `requireCaller`. */
export function callerOf(c: Context<AppEnv>): Caller {
  const caller = c.var.caller;
  if (!caller) throw new ApiError("UNAUTHORIZED");
  return caller;
}
