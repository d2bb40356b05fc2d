// The one "something happened" entry point. Every mutating admin action (and every system
// action such as an endpoint's auto-disable) writes one audit row — who (user, automation token
// or system), what (action + target), when, from which IP (CF-Connecting-IP) and user agent, and
// a before/after summary — and, when the action is a webhook event (services/webhooks/events.ts),
// the event's outbox row in the same transaction. Pass the change's own transaction as `tx` so
// the change, its audit row and its event commit together; without one, the audit and outbox rows
// are written as one atomic batch. Written event ids are noted on `services.outbox` so the admin
// app dispatches them after the response (the cron sweep catches any it could not).
// Callers pass summaries built by the `*AuditView` helpers, which never include secrets or hashes.
// Organization/member/invitation changes made through better-auth are recorded by its
// organization hooks (src/auth/better-auth.ts) via `writeAudit`.
import type { Context } from "hono";
import { v7 as uuidv7 } from "uuid";
import type { AppEnv, Services } from "../context.ts";
import { auditLogs, type InsertAuditLog } from "../db/schema/audit.ts";
import { webhookEvents } from "../db/schema/webhooks.ts";
import type { Executor } from "./database.ts";
import { type EventInput, eventForAudit, newEventRow } from "./webhooks/events.ts";

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  /** An event this action emits that its audit summary does not describe (test events). */
  event?: EventInput & { webhookId?: string };
}

export interface AuditActor {
  type: "user" | "token" | "system";
  id: string | null;
  label: string | null;
}

export interface RecordedChange {
  auditLogId: string;
  /** The webhook event written with it, when the action is one. */
  eventId: string | null;
}

/** Writes the audit row (and its event) for `organizationId`, with the request's IP and user agent. */
export async function writeAudit(
  services: Pick<Services, "database" | "outbox">,
  request: Request | null,
  organizationId: string,
  actor: AuditActor,
  entry: AuditEntry,
  tx?: Executor,
): Promise<RecordedChange> {
  const audit: InsertAuditLog = {
    id: uuidv7(),
    organizationId,
    actorType: actor.type,
    actorId: actor.id,
    actorLabel: actor.label,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    ipAddress: request?.headers.get("CF-Connecting-IP")?.slice(0, 64) ?? null,
    userAgent: request?.headers.get("User-Agent")?.slice(0, 512) ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
  };
  const event = entry.event ?? eventForAudit(entry);
  const eventRow = event
    ? newEventRow(organizationId, event, {
        auditLogId: audit.id ?? null,
        cause: services.outbox.cause,
        webhookId: entry.event?.webhookId,
      })
    : null;
  const { db } = services.database;
  if (tx) {
    await tx.insert(auditLogs).values(audit);
    if (eventRow) await tx.insert(webhookEvents).values(eventRow);
  } else if (eventRow) {
    // One HTTP batch is one transaction: both rows or neither.
    await db.batch([db.insert(auditLogs).values(audit), db.insert(webhookEvents).values(eventRow)]);
  } else {
    await db.insert(auditLogs).values(audit);
  }
  if (eventRow) services.outbox.noteWritten(eventRow.id);
  return { auditLogId: audit.id as string, eventId: eventRow?.id ?? null };
}

/** For admin routes behind `routePermission` (which resolves the caller): the caller's organization and identity. */
export async function recordAudit(
  c: Context<AppEnv>,
  entry: AuditEntry,
  tx?: Executor,
): Promise<RecordedChange> {
  const caller = c.var.caller;
  if (!caller) throw new Error("recordAudit needs a resolved caller");
  return writeAudit(c.var.services, c.req.raw, caller.organizationId, caller.actor, entry, tx);
}
