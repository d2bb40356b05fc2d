// The `webhook-deliveries` consumer: each message names one delivery; the webhook service makes
// at most one attempt for it and says when to try again. The retry schedule is ours
// (message.retry with the schedule's delay), not the queue's; the queue's own retries and its
// dead-letter queue only catch failures of this consumer itself (database unreachable, a bug).
import { webhookDeliveryMessageSchema } from "@edgegate/shared/events";
import type { Services } from "../context.ts";
import { deadLetterEvents } from "../db/schema/dead-letters.ts";

/** After an infrastructure failure, the message comes back this much later. */
const FAILURE_RETRY_SECONDS = 30;

export async function consumeWebhookDeliveries(
  batch: MessageBatch<unknown>,
  services: Services,
): Promise<void> {
  await Promise.all(
    batch.messages.map(async (message) => {
      const parsed = webhookDeliveryMessageSchema.safeParse(message.body);
      if (!parsed.success) {
        // Kept for inspection and acknowledged, so it never poisons the queue.
        await services.database.db.insert(deadLetterEvents).values({
          queue: batch.queue,
          kind: "malformed",
          messageId: message.id,
          body: message.body as object,
          reason: parsed.error.message.slice(0, 1000),
          attempts: message.attempts,
        });
        message.ack();
        return;
      }
      try {
        const outcome = await services.webhooks.attempt(parsed.data.deliveryId, new Date());
        if (outcome.retryInSeconds === null) message.ack();
        else message.retry({ delaySeconds: outcome.retryInSeconds });
      } catch (error) {
        console.error(
          JSON.stringify({
            event: "webhook_delivery_failed",
            deliveryId: parsed.data.deliveryId,
            error: String(error),
          }),
        );
        message.retry({ delaySeconds: FAILURE_RETRY_SECONDS });
      }
    }),
  );
}
