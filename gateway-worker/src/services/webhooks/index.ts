// The webhook service: the outbox's dispatcher and sweep, one delivery attempt per delivery a
// queue batch names, and the endpoints' secret box. See dispatch.ts and deliver.ts for the flow.
import type { Redis } from "@upstash/redis/cloudflare";
import type { Config } from "../../config.ts";
import type { Database } from "../database.ts";
import { attemptDeliveries, type DeliveryOutcome } from "./deliver.ts";
import { dispatchEvents, enqueueDeliveries, sweep } from "./dispatch.ts";
import type { Outbox } from "./outbox.ts";
import { createRateCap } from "./rate-cap.ts";
import { createSecretBox, type SecretBox } from "./secret-box.ts";

export interface WebhookService {
  /** Fans events out to deliveries and enqueues them; returns the number of new deliveries. */
  dispatch(eventIds: string[]): Promise<number>;
  /** Sends existing deliveries to the queue (replay, recover). */
  enqueue(deliveryIds: string[]): Promise<void>;
  /** The cron's catch-up: events left undispatched, deliveries whose message was lost. */
  sweep(now: Date): Promise<{ events: number; deliveries: number }>;
  /** At most one attempt of each delivery a consumer batch names: the outcome per delivery id. */
  attempt(deliveryIds: readonly string[], now: Date): Promise<Map<string, DeliveryOutcome>>;
  readonly secrets: SecretBox;
}

export function createWebhookService(deps: {
  config: Config;
  database: () => Database;
  redis: () => Redis;
  queue: Queue;
  outbox: Outbox;
}): WebhookService {
  const secrets = createSecretBox(deps.config.WEBHOOK_SECRET_ENCRYPTION_KEY);
  const rateCap = createRateCap(deps.redis);
  const dispatchDeps = () => ({ database: deps.database(), queue: deps.queue });
  return {
    secrets,
    dispatch: (eventIds) => dispatchEvents(dispatchDeps(), eventIds),
    enqueue: (deliveryIds) => enqueueDeliveries(dispatchDeps(), deliveryIds),
    sweep: (now) => sweep(dispatchDeps(), now),
    attempt: async (deliveryIds, now) => {
      const outcomes = await attemptDeliveries(
        { config: deps.config, database: deps.database(), secretBox: secrets, outbox: deps.outbox, rateCap },
        deliveryIds,
        now,
      );
      // An auto-disable wrote an event: dispatch it now (the sweep would, later).
      await dispatchEvents(dispatchDeps(), deps.outbox.drain());
      return outcomes;
    },
  };
}
