// Events that are not changes (so not audited): a key about to expire, a quota threshold
// crossed. Each has a dedupe key naming the fact, so however often a job or consumer notices
// it, one event is written — then dispatched like any other.
import type { Services } from "../../context.ts";
import { webhookEvents } from "../../db/schema/webhooks.ts";
import { type EventInput, newEventRow } from "./events.ts";

export interface Notice {
  organizationId: string;
  event: EventInput;
  dedupeKey: string;
}

/** Writes the notices not written before and dispatches them; returns how many were new. */
export async function emitNotices(
  services: Pick<Services, "database" | "outbox" | "webhooks">,
  notices: Notice[],
): Promise<number> {
  if (notices.length === 0) return 0;
  const rows = notices.map((notice) => ({
    ...newEventRow(notice.organizationId, notice.event, { auditLogId: null, cause: services.outbox.cause }),
    dedupeKey: notice.dedupeKey,
  }));
  const written = await services.database.db
    .insert(webhookEvents)
    .values(rows)
    .onConflictDoNothing({ target: webhookEvents.dedupeKey })
    .returning({ id: webhookEvents.id });
  // A failed dispatch is not lost: the sweep sends undispatched events.
  await services.webhooks.dispatch(written.map((row) => row.id));
  return written.length;
}
