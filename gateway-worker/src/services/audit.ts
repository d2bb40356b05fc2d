// The audit log: every mutating admin action writes one row — who (user or automation token),
// what (action + target), when, from which IP (CF-Connecting-IP) and user agent, and a
// before/after summary. Callers pass summaries built by the `*AuditView` helpers, which never
// include secrets or hashes. Organization/member/invitation changes made through better-auth
// are recorded by its organization hooks (src/auth/better-auth.ts) via `writeAudit`.
import type { Context } from "hono";
import { v7 as uuidv7 } from "uuid";
import type { AppEnv, Services } from "../context.ts";
import { auditLogs } from "../db/schema/audit.ts";

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

export interface AuditActor {
  type: "user" | "token" | "system";
  id: string | null;
  label: string | null;
}

/** Writes one row for `organizationId`, with the request's IP and user agent. */
export async function writeAudit(
  services: Pick<Services, "database">,
  request: Request,
  organizationId: string,
  actor: AuditActor,
  entry: AuditEntry,
): Promise<void> {
  await services.database.db.insert(auditLogs).values({
    id: uuidv7(),
    organizationId,
    actorType: actor.type,
    actorId: actor.id,
    actorLabel: actor.label,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    ipAddress: request.headers.get("CF-Connecting-IP")?.slice(0, 64) ?? null,
    userAgent: request.headers.get("User-Agent")?.slice(0, 512) ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
  });
}

/** For admin routes behind `requireCaller`: the caller's organization and identity. */
export async function recordAudit(c: Context<AppEnv>, entry: AuditEntry): Promise<void> {
  const caller = c.var.caller;
  if (!caller) throw new Error("recordAudit needs a resolved caller");
  await writeAudit(c.var.services, c.req.raw, caller.organizationId, caller.actor, entry);
}
