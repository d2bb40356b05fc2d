// Replays request events kept by the dead-letter consumer through the normal request-logs
// consumer, so they are validated, stored and counted exactly like live traffic. Idempotent:
// request ids deduplicate in request_logs (a replayed event that was stored meanwhile adds
// nothing), and replayed rows are marked so a second run does not even re-send them.
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { Services } from "../context.ts";
import { deadLetterEvents } from "../db/schema/dead-letters.ts";
import { consumeRequestLogs } from "./request-logs.ts";

export interface ReplayResult {
  replayed: number;
  failed: number;
}

/** A queue batch built from stored dead letters, recording what the consumer acks. */
function replayBatch(rows: { id: string; body: unknown }[]) {
  const acked = new Set<string>();
  const messages = rows.map(
    (row) =>
      ({
        id: row.id,
        timestamp: new Date(),
        attempts: 1,
        body: row.body,
        ack: () => acked.add(row.id),
        retry: () => {},
      }) as Message<unknown>,
  );
  const batch = {
    queue: "request-logs",
    messages,
    ackAll: () => {
      for (const row of rows) acked.add(row.id);
    },
    retryAll: () => {},
  } as unknown as MessageBatch<unknown>;
  return { batch, acked };
}

export async function replayDeadLetters(
  services: Services,
  options: { batchSize?: number } = {},
): Promise<ReplayResult> {
  const batchSize = options.batchSize ?? 100;
  const { db } = services.database;
  const result: ReplayResult = { replayed: 0, failed: 0 };
  let afterFailures = 0;
  for (;;) {
    const rows = await db
      .select({ id: deadLetterEvents.id, body: deadLetterEvents.body })
      .from(deadLetterEvents)
      .where(
        and(
          eq(deadLetterEvents.queue, "request-logs"),
          eq(deadLetterEvents.kind, "dead_letter"),
          isNull(deadLetterEvents.replayedAt),
        ),
      )
      .orderBy(asc(deadLetterEvents.receivedAt), asc(deadLetterEvents.id))
      .limit(batchSize)
      .offset(afterFailures);
    if (rows.length === 0) return result;
    const { batch, acked } = replayBatch(rows);
    await consumeRequestLogs(batch, services);
    if (acked.size > 0) {
      await db
        .update(deadLetterEvents)
        .set({ replayedAt: new Date() })
        .where(inArray(deadLetterEvents.id, [...acked]));
    }
    result.replayed += acked.size;
    result.failed += rows.length - acked.size;
    // Rows that failed again stay unreplayed; skip past them so the loop ends.
    afterFailures += rows.length - acked.size;
  }
}
