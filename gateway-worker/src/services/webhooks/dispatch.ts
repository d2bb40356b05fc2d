// Outbox → deliveries → queue. `dispatchEvents` fans each undispatched event out to one delivery
// per matching enabled endpoint (unique per event and endpoint, so running it twice creates
// nothing new) and marks the event dispatched in the same batch, then enqueues the new
// deliveries. If the queue send fails the deliveries stay pending with a due time in the past:
// `sweep` (cron) re-enqueues those, and dispatches events the after-commit dispatch never reached.
import type { WebhookDeliveryMessage } from "@edgegate/shared/events";
import { and, arrayContains, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import {
  type InsertWebhookDelivery,
  webhookDeliveries,
  webhookEvents,
  webhooks,
} from "../../db/schema/webhooks.ts";
import type { Database } from "../database.ts";

/** Queues take at most 100 messages per sendBatch. */
const SEND_BATCH = 100;
/** The sweep leaves events this young to the after-commit dispatch. */
const EVENT_GRACE_MS = 30_000;
/** A pending delivery whose message should have arrived this long ago is re-enqueued. */
export const STALE_DELIVERY_MS = 2 * 60_000;
const SWEEP_LIMIT = 500;

export interface DispatchDeps {
  database: Database;
  queue: Queue;
}

export async function enqueueDeliveries(deps: DispatchDeps, deliveryIds: string[]): Promise<void> {
  for (let i = 0; i < deliveryIds.length; i += SEND_BATCH) {
    const messages = deliveryIds.slice(i, i + SEND_BATCH).map((deliveryId) => ({
      body: { type: "webhook_delivery", deliveryId } satisfies WebhookDeliveryMessage,
      contentType: "json" as const,
    }));
    await deps.queue.sendBatch(messages);
  }
}

export async function dispatchEvents(deps: DispatchDeps, eventIds: string[]): Promise<number> {
  if (eventIds.length === 0) return 0;
  const { db } = deps.database;
  const events = await db
    .select()
    .from(webhookEvents)
    .where(and(inArray(webhookEvents.id, eventIds), isNull(webhookEvents.dispatchedAt)));
  const created: string[] = [];
  for (const event of events) {
    const targets = await db
      .select({ id: webhooks.id })
      .from(webhooks)
      .where(
        and(
          eq(webhooks.organizationId, event.organizationId),
          eq(webhooks.enabled, true),
          event.webhookId
            ? eq(webhooks.id, event.webhookId)
            : or(
                sql`cardinality(${webhooks.eventTypes}) = 0`,
                arrayContains(webhooks.eventTypes, [event.type]),
              ),
        ),
      );
    const rows: InsertWebhookDelivery[] = targets.map((target) => ({
      id: `dlv_${uuidv7()}`,
      webhookId: target.id,
      organizationId: event.organizationId,
      eventId: event.id,
      eventType: event.type,
    }));
    const markDispatched = db
      .update(webhookEvents)
      .set({ dispatchedAt: new Date() })
      .where(eq(webhookEvents.id, event.id));
    if (rows.length === 0) {
      await markDispatched;
      continue;
    }
    const [inserted] = await db.batch([
      db
        .insert(webhookDeliveries)
        .values(rows)
        .onConflictDoNothing({ target: [webhookDeliveries.webhookId, webhookDeliveries.eventId] })
        .returning({ id: webhookDeliveries.id }),
      markDispatched,
    ]);
    created.push(...inserted.map((row) => row.id));
  }
  await enqueueDeliveries(deps, created);
  return created.length;
}

/** The cron's catch-up pass: undispatched events and pending deliveries whose message was lost. */
export async function sweep(deps: DispatchDeps, now: Date): Promise<{ events: number; deliveries: number }> {
  const { db } = deps.database;
  const events = await db
    .select({ id: webhookEvents.id })
    .from(webhookEvents)
    .where(
      and(
        isNull(webhookEvents.dispatchedAt),
        lt(webhookEvents.createdAt, new Date(now.getTime() - EVENT_GRACE_MS)),
      ),
    )
    .orderBy(webhookEvents.createdAt)
    .limit(SWEEP_LIMIT);
  const dispatched = await dispatchEvents(
    deps,
    events.map((event) => event.id),
  );
  const stale = await db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.status, "pending"),
        lt(webhookDeliveries.nextAttemptAt, new Date(now.getTime() - STALE_DELIVERY_MS)),
        or(isNull(webhookDeliveries.lockedUntil), lt(webhookDeliveries.lockedUntil, now)),
      ),
    )
    .orderBy(webhookDeliveries.nextAttemptAt)
    .limit(SWEEP_LIMIT);
  await enqueueDeliveries(
    deps,
    stale.map((delivery) => delivery.id),
  );
  return { events: dispatched, deliveries: stale.length };
}
