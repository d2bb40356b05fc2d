// What the operator console can honestly say about the queues. Cloudflare Queues tell a Worker
// nothing about a queue's backlog (no depth API in the binding; the dashboard and
// `wrangler queues info` show it), and counting produced minus consumed in Redis would add a
// round trip to every proxied request and still only estimate it. So each number here is a
// count of rows in Postgres, exact at the moment it is read:
// - dead letters: messages kept in dead_letter_events (exhausted retries, or malformed and
//   acknowledged) that nobody has replayed yet, per queue and kind;
// - the webhook outbox: events committed but not yet dispatched to the webhook-deliveries
//   queue (the dispatcher runs after each response, the cron sweep catches the rest);
// - the webhook-deliveries queue's work: deliveries still pending (services/webhooks/health.ts).
import { sql } from "drizzle-orm";
import type { HttpDb } from "./database.ts";

export interface DeadLetterDepth {
  queue: string;
  kind: "malformed" | "dead_letter";
  /** Not yet replayed. */
  count: number;
  oldestAt: string | null;
}

export interface QueueDepth {
  deadLetters: DeadLetterDepth[];
  outbox: { undispatched: number; oldestAt: string | null };
}

const isoOrNull = (value: unknown) =>
  value === null || value === undefined ? null : new Date(value as string).toISOString();

export async function queryQueueDepth(db: HttpDb): Promise<QueueDepth> {
  const [deadLetters, outbox] = await Promise.all([
    db.execute(sql`
      select queue, kind, count(*) as count, min(received_at) as oldest
      from dead_letter_events where replayed_at is null
      group by queue, kind order by queue, kind`),
    db.execute(sql`
      select count(*) as count, min(created_at) as oldest
      from webhook_events where dispatched_at is null`),
  ]);
  return {
    deadLetters: deadLetters.rows.map((row) => ({
      queue: String(row.queue),
      kind: row.kind === "malformed" ? "malformed" : "dead_letter",
      count: Number(row.count),
      oldestAt: isoOrNull(row.oldest),
    })),
    outbox: { undispatched: Number(outbox.rows[0]?.count ?? 0), oldestAt: isoOrNull(outbox.rows[0]?.oldest) },
  };
}
