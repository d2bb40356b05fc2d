// The dead-letter consumer for request-logs: events that exhausted their retries (a long
// database outage, a bug) are stored whole in dead_letter_events (kind "dead_letter") so
// `pnpm db:replay-dead-letters` can feed them through the normal path again. Replaying is
// idempotent because request ids deduplicate in the request-logs consumer.
import type { Services } from "../context.ts";
import { deadLetterEvents } from "../db/schema/dead-letters.ts";

export async function consumeRequestLogDeadLetters(
  batch: MessageBatch<unknown>,
  services: Services,
): Promise<void> {
  try {
    await services.database.db.insert(deadLetterEvents).values(
      batch.messages.map((message) => ({
        queue: "request-logs",
        kind: "dead_letter" as const,
        messageId: message.id,
        // Kept whole (no preview cut): these are valid events to replay, far below 128 KB.
        body: message.body,
        reason: `exhausted retries on request-logs (dead-letter attempt ${message.attempts})`,
        attempts: message.attempts,
      })),
    );
  } catch (error) {
    console.error(
      JSON.stringify({ event: "request_logs_dlq_failed", size: batch.messages.length, error: String(error) }),
    );
    batch.retryAll({ delaySeconds: 60 });
    return;
  }
  batch.ackAll();
}
