// The dead-letter consumer for webhook deliveries: a message the delivery consumer could not
// process through all of the queue's retries marks its delivery failed (it shows in the log and
// `recover` can resend it) and is kept in dead_letter_events.
import { webhookDeliveryMessageSchema } from "@edgegate/shared/events";
import { and, eq, inArray } from "drizzle-orm";
import type { Services } from "../context.ts";
import { deadLetterEvents } from "../db/schema/dead-letters.ts";
import { webhookDeliveries } from "../db/schema/webhooks.ts";

export async function consumeWebhookDeadLetters(
  batch: MessageBatch<unknown>,
  services: Services,
): Promise<void> {
  const ids = batch.messages.flatMap((message) => {
    const parsed = webhookDeliveryMessageSchema.safeParse(message.body);
    return parsed.success ? [parsed.data.deliveryId] : [];
  });
  const { db } = services.database;
  try {
    await db.batch([
      db.insert(deadLetterEvents).values(
        batch.messages.map((message) => ({
          queue: "webhook-deliveries",
          kind: "dead_letter" as const,
          messageId: message.id,
          body: message.body as object,
          reason: `exhausted the queue's retries (dead-letter attempt ${message.attempts})`,
          attempts: message.attempts,
        })),
      ),
      db
        .update(webhookDeliveries)
        .set({
          status: "failed",
          lockedUntil: null,
          lastError: "Dead-lettered: the delivery could not be processed",
        })
        .where(
          and(
            inArray(webhookDeliveries.id, ids.length ? ids : [""]),
            eq(webhookDeliveries.status, "pending"),
          ),
        ),
    ]);
  } catch (error) {
    console.error(
      JSON.stringify({ event: "webhook_dlq_failed", size: batch.messages.length, error: String(error) }),
    );
    batch.retryAll({ delaySeconds: 60 });
    return;
  }
  batch.ackAll();
}
