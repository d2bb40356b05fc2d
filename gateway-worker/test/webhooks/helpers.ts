// Webhook test helpers (inside workerd): the local receiver (dev/src/webhook-receiver.ts, started
// by the test stack) and the admin API's webhook routes.
import { Webhook } from "standardwebhooks";
import { inject } from "vitest";
import { webhookEvents } from "../../src/db/schema/webhooks.ts";
import { createWebhookService } from "../../src/services/webhooks/index.ts";
import { api } from "../admin/helpers.ts";
import { services } from "../helpers.ts";

const receiverUrl = inject("webhookReceiverUrl");

export interface ReceiverBehaviour {
  failTimes?: number;
  failStatus?: number;
  retryAfter?: string;
  redirectTo?: string;
  hang?: boolean;
  reset?: boolean;
}

export interface Received {
  headers: Record<string, string>;
  body: string;
  answered: number;
}

/** A fresh hook on the receiver: its URL, how it answers, and what it got. */
export async function newHook(behaviour: ReceiverBehaviour = {}) {
  const name = crypto.randomUUID();
  const hook = {
    url: `${receiverUrl}/hooks/${name}`,
    async behave(next: ReceiverBehaviour) {
      const response = await fetch(`${receiverUrl}/control/${name}`, {
        method: "PUT",
        body: JSON.stringify(next),
      });
      if (!response.ok) throw new Error(`receiver control failed: ${response.status}`);
    },
    async received(): Promise<Received[]> {
      return (await (await fetch(`${receiverUrl}/received/${name}`)).json()) as Received[];
    },
  };
  await hook.behave(behaviour);
  return hook;
}

/** Polls `check` until it returns a value (not undefined/false) or `timeoutMs` passes. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The `standardwebhooks` package's verdict: the parsed payload, or it throws. */
export function verify(
  secret: string,
  delivery: Received,
): { type: string; timestamp: string; data: Record<string, unknown> } {
  return new Webhook(secret).verify(delivery.body, delivery.headers) as {
    type: string;
    timestamp: string;
    data: Record<string, unknown>;
  };
}

export interface EndpointView {
  id: string;
  url: string;
  enabled: boolean;
  eventTypes: string[];
  disabledReason: string | null;
  secretRotatingUntil: string | null;
}

export async function createEndpoint(cookie: string, body: Record<string, unknown>) {
  const response = await api("/webhooks/endpoints", { cookie, body });
  if (response.status !== 201)
    throw new Error(`endpoint create failed ${response.status}: ${await response.text()}`);
  return (await response.json()) as { endpoint: EndpointView; secret: string };
}

export interface DeliveryView {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  status: "pending" | "succeeded" | "failed";
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
}

export interface DeliveryDetail {
  delivery: DeliveryView;
  event: {
    id: string;
    type: string;
    payload: Record<string, unknown>;
    cause: string;
    auditLogId: string | null;
  };
  attempts: {
    attemptNumber: number;
    statusCode: number | null;
    errorClass: string | null;
    errorMessage: string | null;
    requestHeaders: Record<string, string>;
    responseBody: string | null;
  }[];
}

export async function listDeliveries(cookie: string, query: Record<string, string>): Promise<DeliveryView[]> {
  const response = await api(`/webhooks/deliveries?${new URLSearchParams(query)}`, { cookie });
  if (response.status !== 200)
    throw new Error(`deliveries list failed ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { data: DeliveryView[] }).data;
}

export async function deliveryDetail(cookie: string, id: string): Promise<DeliveryDetail> {
  const response = await api(`/webhooks/deliveries/${id}`, { cookie });
  if (response.status !== 200)
    throw new Error(`delivery get failed ${response.status}: ${await response.text()}`);
  return (await response.json()) as DeliveryDetail;
}

/** Waits until the endpoint's only delivery is finished (succeeded or failed). */
export async function finishedDelivery(cookie: string, endpointId: string): Promise<DeliveryDetail> {
  const delivery = await waitFor("a finished delivery", async () => {
    const [first] = await listDeliveries(cookie, { endpointId });
    return first && first.status !== "pending" ? first : undefined;
  });
  return deliveryDetail(cookie, delivery.id);
}

export async function sendTestEvent(cookie: string, endpointId: string, eventType = "api_key.created") {
  const response = await api(`/webhooks/endpoints/${endpointId}/test`, { cookie, body: { eventType } });
  if (response.status !== 202)
    throw new Error(`test event failed ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { eventId: string }).eventId;
}

/**
 * `count` test events for `endpointId` (in the endpoint's organization), fanned out by a webhook
 * service whose queue only records: the delivery messages, not yet consumed, and their events.
 */
export async function fannedOut(organizationId: string, endpointId: string, count: number) {
  const s = services();
  const messages: { deliveryId: string }[] = [];
  const webhooks = createWebhookService({
    config: s.config,
    database: () => s.database,
    redis: () => s.redis,
    queue: {
      sendBatch: async (batch: { body: { deliveryId: string } }[]) =>
        void messages.push(...batch.map((m) => m.body)),
    } as unknown as Queue,
    outbox: s.outbox,
  });
  const eventIds = Array.from({ length: count }, () => `evt_${crypto.randomUUID()}`);
  await s.database.db.insert(webhookEvents).values(
    eventIds.map((id) => ({
      id,
      organizationId,
      type: "api_key.created",
      payload: { type: "api_key.created", timestamp: new Date().toISOString(), data: { id } },
      cause: "test",
      webhookId: endpointId,
    })),
  );
  if ((await webhooks.dispatch(eventIds)) !== count) throw new Error("fan-out created fewer deliveries");
  return { messages, eventIds };
}
