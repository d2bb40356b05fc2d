import { index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * Queue messages kept for inspection and replay: malformed events (acknowledged so they never
 * poison a batch) and events that exhausted their retries and reached a dead-letter queue.
 */
export const deadLetterEvents = pgTable(
  "dead_letter_events",
  {
    id: uuid().primaryKey().defaultRandom(),
    queue: text().notNull(),
    kind: text().$type<"malformed" | "dead_letter">().notNull(),
    messageId: text().notNull(),
    body: jsonb(),
    reason: text().notNull(),
    attempts: integer().notNull().default(0),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    replayedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.queue, t.receivedAt)],
);

export type DeadLetterEvent = typeof deadLetterEvents.$inferSelect;
export type InsertDeadLetterEvent = typeof deadLetterEvents.$inferInsert;
