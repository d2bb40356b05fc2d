// The `webhook-deliveries` consumer: each message names one delivery; the webhook service makes
// at most one attempt for each delivery of the batch (claimed and recorded per batch) and says
// per delivery when to try again. The retry schedule is ours (message.retry with the schedule's
// delay), not the queue's; the queue's own retries and its dead-letter queue only catch failures
// of this consumer itself (database unreachable, a bug).
import { webhookDeliveryMessageSchema } from "@edgegate/shared/events";
import type { Services } from "../context.ts";
import { deadLetterEvents } from "../db/schema/dead-letters.ts";
import { FAILURE_RETRY_SECONDS } from "../services/webhooks/deliver.ts";

type Message = MessageBatch<unknown>["messages"][number];

/** Malformed messages are kept for inspection and acknowledged, so they never poison the queue. */
async function keepMalformed(
  batch: MessageBatch<unknown>,
  services: Services,
  malformed: { message: Message; reason: string }[],
): Promise<void> {
  if (malformed.length === 0) return;
  try {
    await services.database.db.insert(deadLetterEvents).values(
      malformed.map(({ message, reason }) => ({
        queue: batch.queue,
        kind: "malformed" as const,
        messageId: message.id,
        body: message.body as object,
        reason: reason.slice(0, 1000),
        attempts: message.attempts,
      })),
    );
    for (const { message } of malformed) message.ack();
  } catch (error) {
    console.error(JSON.stringify({ event: "webhook_dead_letter_write_failed", error: String(error) }));
    for (const { message } of malformed) message.retry({ delaySeconds: FAILURE_RETRY_SECONDS });
  }
}

export async function consumeWebhookDeliveries(
  batch: MessageBatch<unknown>,
  services: Services,
): Promise<void> {
  const malformed: { message: Message; reason: string }[] = [];
  const named: { message: Message; deliveryId: string }[] = [];
  for (const message of batch.messages) {
    const parsed = webhookDeliveryMessageSchema.safeParse(message.body);
    if (parsed.success) named.push({ message, deliveryId: parsed.data.deliveryId });
    else malformed.push({ message, reason: parsed.error.message });
  }
  await keepMalformed(batch, services, malformed);
  if (named.length === 0) return;

  let outcomes: Awaited<ReturnType<Services["webhooks"]["attempt"]>>;
  try {
    outcomes = await services.webhooks.attempt(
      named.map((n) => n.deliveryId),
      new Date(),
    );
  } catch (error) {
    console.error(
      JSON.stringify({
        event: "webhook_delivery_failed",
        deliveryIds: named.map((n) => n.deliveryId),
        error: String(error),
      }),
    );
    for (const { message } of named) message.retry({ delaySeconds: FAILURE_RETRY_SECONDS });
    return;
  }
  // The first message naming a delivery carries its outcome; another naming it in the same batch
  // is a duplicate and is acknowledged (as one in another batch finds the delivery claimed).
  const answered = new Set<string>();
  for (const { message, deliveryId } of named) {
    const outcome = answered.has(deliveryId) ? undefined : outcomes.get(deliveryId);
    answered.add(deliveryId);
    if (outcome?.retryInSeconds == null) message.ack();
    else message.retry({ delaySeconds: outcome.retryInSeconds });
  }
}
