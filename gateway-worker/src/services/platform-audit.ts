// The platform audit log: one row per operator action — who (the operator), what (action and
// target), which organization, before/after, when, and the request it came in on. Written with
// the change's own transaction (`tx`), so an action and its record commit together or not at all.
// Summaries never hold secrets or hashes.
import type { Context } from "hono";
import { v7 as uuidv7 } from "uuid";
import type { Operator } from "../auth/operators.ts";
import type { AppEnv } from "../context.ts";
import { platformAuditLogs } from "../db/schema/platform.ts";
import type { Executor } from "./database.ts";

export interface PlatformAuditEntry {
  action: string;
  organizationId: string | null;
  targetType: string;
  targetId: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/** Writes the row for an operator route's action (behind `requireOperator`). */
export async function recordPlatformAudit(
  c: Context<AppEnv>,
  operator: Operator,
  entry: PlatformAuditEntry,
  tx: Executor,
): Promise<string> {
  const id = uuidv7();
  await tx.insert(platformAuditLogs).values({
    id,
    actorUserId: operator.userId,
    actorEmail: operator.email,
    action: entry.action,
    organizationId: entry.organizationId,
    targetType: entry.targetType,
    targetId: entry.targetId,
    before: entry.before ?? null,
    after: entry.after ?? null,
    requestId: c.var.requestId,
    ipAddress: c.req.header("CF-Connecting-IP")?.slice(0, 64) ?? null,
    userAgent: c.req.header("User-Agent")?.slice(0, 512) ?? null,
  });
  return id;
}
