// Which audited actions are webhook events, and the outbox row for one. The payload is checked
// against the catalog's schema (shared/src/webhook-events.ts), which also drops any field the
// published schema does not name, so what endpoints receive is exactly what the docs describe.
import type { WebhookEventType } from "@edgegate/shared/webhook-event-types";
import { WEBHOOK_EVENTS, type WebhookPayload } from "@edgegate/shared/webhook-events";
import { v7 as uuidv7 } from "uuid";
import type { InsertWebhookEvent } from "../../db/schema/webhooks.ts";
import type { AuditEntry } from "../audit.ts";

export interface EventInput {
  type: WebhookEventType;
  data: Record<string, unknown>;
}

type Mapper = (entry: AuditEntry) => EventInput;

const withTarget = (entry: AuditEntry, summary: Record<string, unknown> | null | undefined) => ({
  id: entry.targetId,
  ...summary,
});

/** Audit action → event. Actions not listed here are audited only. */
const FROM_AUDIT: Record<string, Mapper> = {
  "api_key.create": (e) => ({ type: "api_key.created", data: withTarget(e, e.after) }),
  "api_key.update": (e) => ({ type: "api_key.updated", data: withTarget(e, e.after) }),
  "api_key.rotate": (e) => ({ type: "api_key.rotated", data: withTarget(e, e.after) }),
  "api_key.revoke": (e) => ({ type: "api_key.revoked", data: withTarget(e, e.after) }),
  "api_key.delete": (e) => ({ type: "api_key.deleted", data: withTarget(e, e.before) }),
  "automation_token.create": (e) => ({ type: "automation_token.created", data: withTarget(e, e.after) }),
  "automation_token.revoke": (e) => ({ type: "automation_token.revoked", data: withTarget(e, e.after) }),
  "member.add": (e) => ({ type: "member.added", data: withTarget(e, e.after) }),
  "member.remove": (e) => ({ type: "member.removed", data: withTarget(e, e.before) }),
  "member.update_role": (e) => ({
    type: "member.role_changed",
    data: { id: e.targetId, role: e.after?.role, previousRole: e.before?.role },
  }),
  "webhook_endpoint.auto_disable": (e) => ({
    type: "webhook_endpoint.disabled",
    data: withTarget(e, e.after),
  }),
};

export function eventForAudit(entry: AuditEntry): EventInput | null {
  return FROM_AUDIT[entry.action]?.(entry) ?? null;
}

/** The body endpoints receive, validated against the catalog (a mismatch is a bug: it throws). */
export function eventPayload(event: EventInput, at: Date): WebhookPayload {
  const data = WEBHOOK_EVENTS[event.type].data.parse(event.data) as Record<string, unknown>;
  return { type: event.type, timestamp: at.toISOString(), data };
}

export function newEventRow(
  organizationId: string,
  event: EventInput,
  trace: { auditLogId: string | null; cause: string; webhookId?: string },
): InsertWebhookEvent & { id: string } {
  const now = new Date();
  return {
    id: `evt_${uuidv7()}`,
    organizationId,
    type: event.type,
    payload: eventPayload(event, now),
    auditLogId: trace.auditLogId,
    cause: trace.cause,
    webhookId: trace.webhookId ?? null,
    createdAt: now,
  };
}
