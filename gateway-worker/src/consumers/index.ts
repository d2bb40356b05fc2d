// Queue consumers, dispatched on the queue a batch came from.
import { PROBE_KV_PREFIX, probeMessageSchema } from "@edgegate/shared/events";
import { createServices, type Services } from "../context.ts";

type Consumer = (batch: MessageBatch<unknown>, services: Services) => Promise<void>;

/** Health probes prove the producer → queue → consumer chain; they leave a short-lived mark. */
async function acknowledgeProbes(batch: MessageBatch<unknown>, services: Services): Promise<void> {
  for (const message of batch.messages) {
    const probe = probeMessageSchema.safeParse(message.body);
    if (probe.success) {
      await services.keyCache.put(`${PROBE_KV_PREFIX}${probe.data.id}`, String(Date.now()), { expirationTtl: 60 });
      message.ack();
    } else {
      // No consumer for this message type yet: keep it on the queue rather than lose it.
      message.retry({ delaySeconds: 60 });
    }
  }
}

const consumers: Record<string, Consumer> = {
  "request-logs": acknowledgeProbes,
};

export async function handleQueue(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const consumer = consumers[batch.queue];
  if (!consumer) {
    console.error(`no consumer for queue "${batch.queue}"; retrying ${batch.messages.length} messages`);
    batch.retryAll({ delaySeconds: 60 });
    return;
  }
  await consumer(batch, createServices(env));
}
