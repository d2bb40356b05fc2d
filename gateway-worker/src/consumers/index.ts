// Queue consumers, dispatched on the queue a batch came from.
import { createServices, loadServiceModules, type Services } from "../context.ts";
import { consumeRequestLogs } from "./request-logs.ts";
import { consumeRequestLogDeadLetters } from "./request-logs-dlq.ts";
import { consumeWebhookDeliveries } from "./webhook-deliveries.ts";
import { consumeWebhookDeadLetters } from "./webhook-deliveries-dlq.ts";

type Consumer = (batch: MessageBatch<unknown>, services: Services) => Promise<void>;

const consumers: Record<string, Consumer> = {
  "request-logs": consumeRequestLogs,
  "request-logs-dlq": consumeRequestLogDeadLetters,
  "webhook-deliveries": consumeWebhookDeliveries,
  "webhook-deliveries-dlq": consumeWebhookDeadLetters,
};

export async function handleQueue(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const consumer = consumers[batch.queue];
  if (!consumer) {
    // Keep the messages (they reach the dead-letter queue after max_retries) rather than drop them.
    console.error(`no consumer for queue "${batch.queue}"; retrying ${batch.messages.length} messages`);
    batch.retryAll({ delaySeconds: 60 });
    return;
  }
  await loadServiceModules();
  await consumer(batch, createServices(env, `job:queue:${batch.queue}`));
}
