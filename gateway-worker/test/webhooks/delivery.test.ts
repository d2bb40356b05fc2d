// Webhooks end to end inside workerd: admin change → outbox (same transaction) → queue →
// signed delivery at the real local receiver, verified by the independent `standardwebhooks`
// package; retries on the (shortened) schedule, failure, redirects, the dead-letter consumer.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLogs } from "../../src/db/schema/audit.ts";
import { deadLetterEvents } from "../../src/db/schema/dead-letters.ts";
import { webhookDeliveries, webhookEvents } from "../../src/db/schema/webhooks.ts";
import { createKey, ownerWithOrg, type TestUser } from "../admin/helpers.ts";
import { services } from "../helpers.ts";
import { deliver } from "../pipeline-helpers.ts";
import {
  createEndpoint,
  finishedDelivery,
  listDeliveries,
  newHook,
  sendTestEvent,
  verify,
  waitFor,
} from "./helpers.ts";

type Owner = TestUser & { organizationId: string };
let owner: Owner;

beforeAll(async () => {
  owner = await ownerWithOrg();
});

describe("webhook delivery", () => {
  it("delivers a key creation, signed per Standard Webhooks, with its audit entry as the cause", async () => {
    const hook = await newHook();
    const { endpoint, secret } = await createEndpoint(owner.cookie, {
      url: hook.url,
      eventTypes: ["api_key.created"],
    });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const { apiKey } = await createKey(owner.cookie, { name: "Webhook source" });

    const [delivery] = await waitFor("the delivery", async () => {
      const got = await hook.received();
      return got.length > 0 && got;
    });
    if (!delivery) throw new Error("no delivery");
    const payload = verify(secret, delivery);
    expect(payload.type).toBe("api_key.created");
    expect(payload.data).toMatchObject({ id: apiKey.id, name: "Webhook source", status: "active" });
    expect(JSON.stringify(payload)).not.toMatch(/keyHash|ak_[0-9A-Za-z]{34}/);
    expect(delivery.headers["webhook-id"]).toMatch(/^evt_/);
    expect(Number(delivery.headers["webhook-timestamp"])).toBeGreaterThan(0);
    expect(delivery.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);

    const detail = await finishedDelivery(owner.cookie, endpoint.id);
    expect(detail.delivery).toMatchObject({ status: "succeeded", attempts: 1, lastStatusCode: 200 });
    expect(detail.attempts).toHaveLength(1);
    expect(detail.attempts[0]).toMatchObject({ attemptNumber: 1, statusCode: 200, errorClass: null });
    expect(detail.event.id).toBe(delivery.headers["webhook-id"]);
    expect(detail.event.cause).toMatch(/^request:/);
    // The trace: the event points at the audit entry of the change that caused it.
    const [audit] = await services()
      .database.db.select()
      .from(auditLogs)
      .where(eq(auditLogs.id, detail.event.auditLogId ?? ""));
    expect(audit).toMatchObject({ action: "api_key.create", targetId: apiKey.id });
    // …and the audit entry lists the deliveries it caused.
    const caused = await listDeliveries(owner.cookie, { auditLogId: audit?.id ?? "" });
    expect(caused.map((d) => d.id)).toEqual([detail.delivery.id]);
  });

  it("retries a failing receiver on the schedule until it succeeds, recording every attempt", async () => {
    const hook = await newHook({ failTimes: 2, failStatus: 503 });
    const { endpoint, secret } = await createEndpoint(owner.cookie, { url: hook.url });
    await sendTestEvent(owner.cookie, endpoint.id, "member.added");

    const detail = await finishedDelivery(owner.cookie, endpoint.id);
    expect(detail.delivery).toMatchObject({ status: "succeeded", attempts: 3, lastStatusCode: 200 });
    expect(detail.attempts.map((a) => [a.attemptNumber, a.statusCode, a.errorClass])).toEqual([
      [1, 503, "non_2xx"],
      [2, 503, "non_2xx"],
      [3, 200, null],
    ]);
    expect(detail.attempts[0]?.responseBody).toContain('"failing":true');
    const got = await hook.received();
    expect(got.map((d) => d.answered)).toEqual([503, 503, 200]);
    // One message id across retries, each attempt signed afresh and valid.
    expect(new Set(got.map((d) => d.headers["webhook-id"])).size).toBe(1);
    for (const delivery of got) expect(verify(secret, delivery).type).toBe("member.added");
  });

  it("fails a delivery after the whole schedule, and never follows a redirect", async () => {
    const target = await newHook();
    const hook = await newHook({ failTimes: -1, failStatus: 500 });
    const redirecting = await newHook({ redirectTo: target.url });
    const failing = await createEndpoint(owner.cookie, { url: hook.url });
    const redirected = await createEndpoint(owner.cookie, { url: redirecting.url });
    await sendTestEvent(owner.cookie, failing.endpoint.id);
    await sendTestEvent(owner.cookie, redirected.endpoint.id);

    const failed = await finishedDelivery(owner.cookie, failing.endpoint.id);
    // The test stack's schedule has four entries: four attempts, then failed.
    expect(failed.delivery).toMatchObject({ status: "failed", attempts: 4, lastStatusCode: 500 });
    expect(failed.attempts.map((a) => a.statusCode)).toEqual([500, 500, 500, 500]);
    expect(await hook.received()).toHaveLength(4);

    const redirect = await finishedDelivery(owner.cookie, redirected.endpoint.id);
    expect(redirect.delivery).toMatchObject({ status: "failed", attempts: 4, lastStatusCode: 307 });
    expect(redirect.attempts.every((a) => a.errorClass === "redirect")).toBe(true);
    expect(await target.received()).toEqual([]);
  });

  it("sends once for a duplicated queue message, and the dead-letter consumer fails what the queue gave up on", async () => {
    const hook = await newHook();
    const { endpoint } = await createEndpoint(owner.cookie, { url: hook.url });
    // Fan out without the queue (a recording stand-in), then hand the consumer duplicates.
    const sent: unknown[] = [];
    const recordingQueue = {
      sendBatch: async (messages: { body: unknown }[]) => void sent.push(...messages.map((m) => m.body)),
    };
    const s = services();
    const eventId = `evt_${crypto.randomUUID()}`;
    await s.database.db.insert(webhookEvents).values({
      id: eventId,
      organizationId: owner.organizationId,
      type: "api_key.created",
      payload: { type: "api_key.created", timestamp: new Date().toISOString(), data: {} },
      cause: "test",
      webhookId: endpoint.id,
    });
    const { createWebhookService } = await import("../../src/services/webhooks/index.ts");
    const webhooks = createWebhookService({
      config: s.config,
      database: () => s.database,
      redis: () => s.redis,
      queue: recordingQueue as unknown as Queue,
      outbox: s.outbox,
    });
    expect(await webhooks.dispatch([eventId])).toBe(1);
    expect(await webhooks.dispatch([eventId])).toBe(0);
    expect(sent).toHaveLength(1);
    const message = sent[0];

    expect(await deliver([message, message], { queue: "webhook-deliveries" })).toMatchObject({
      acked: 2,
      retried: 0,
    });
    expect(await deliver([message], { queue: "webhook-deliveries" })).toMatchObject({ acked: 1, retried: 0 });
    expect(await hook.received()).toHaveLength(1);
    const [row] = await s.database.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.eventId, eventId));
    expect(row).toMatchObject({ status: "succeeded", attempts: 1 });

    // A pending delivery whose message exhausted the queue's retries: marked failed, kept.
    await s.database.db
      .update(webhookDeliveries)
      .set({ status: "pending" })
      .where(eq(webhookDeliveries.eventId, eventId));
    const dead = await deliver([message], { queue: "webhook-deliveries-dlq" });
    expect(dead).toMatchObject({ acked: 1 });
    const [after] = await s.database.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.eventId, eventId));
    expect(after).toMatchObject({ status: "failed", lastError: expect.stringMatching(/dead-lettered/i) });
    const kept = await s.database.db
      .select()
      .from(deadLetterEvents)
      .where(eq(deadLetterEvents.queue, "webhook-deliveries"));
    expect(kept.some((row) => (row.body as { deliveryId?: string }).deliveryId === after?.id)).toBe(true);
  });

  it("defers deliveries over an endpoint's rate cap without counting an attempt", async () => {
    const hook = await newHook();
    const { endpoint } = await createEndpoint(owner.cookie, { url: hook.url, rateLimitPerSecond: 1 });
    const s = services();
    const sent: unknown[] = [];
    const { createWebhookService } = await import("../../src/services/webhooks/index.ts");
    const webhooks = createWebhookService({
      config: s.config,
      database: () => s.database,
      redis: () => s.redis,
      queue: {
        sendBatch: async (messages: { body: unknown }[]) => void sent.push(...messages.map((m) => m.body)),
      } as unknown as Queue,
      outbox: s.outbox,
    });
    const eventIds: string[] = [];
    for (let i = 0; i < 3; i++) {
      const eventId = `evt_${crypto.randomUUID()}`;
      eventIds.push(eventId);
      await s.database.db.insert(webhookEvents).values({
        id: eventId,
        organizationId: owner.organizationId,
        type: "api_key.created",
        payload: { type: "api_key.created", timestamp: new Date().toISOString(), data: {} },
        cause: "test",
        webhookId: endpoint.id,
      });
    }
    expect(await webhooks.dispatch(eventIds)).toBe(3);

    // One batch of three within (at most) two one-second windows: at most two go out.
    const result = await deliver(sent, { queue: "webhook-deliveries" });
    expect(result.retried).toBeGreaterThanOrEqual(1);
    expect(result.acked + result.retried).toBe(3);
    expect(await hook.received()).toHaveLength(result.acked);
    const rows = await s.database.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.webhookId, endpoint.id));
    expect(rows.filter((row) => row.status === "pending").every((row) => row.attempts === 0)).toBe(true);
    expect(rows.filter((row) => row.status === "succeeded")).toHaveLength(result.acked);
  });
});
