// The delivery consumer claims and records per batch (services/webhooks/deliver.ts, record.ts):
// batches handed straight to the Worker's queue handler, delivered to the real local receiver.
// What a batch must not change: each delivery sent at most once, every attempt recorded, an
// endpoint's health as if its attempts had been recorded one by one, each message acked or
// retried for its own delivery, and each delivery signed with its own endpoint's secret only.
import { eq, inArray } from "drizzle-orm";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { beforeAll, describe, expect, it } from "vitest";
import { deadLetterEvents } from "../../src/db/schema/dead-letters.ts";
import { webhookAttempts, webhookDeliveries, webhooks } from "../../src/db/schema/webhooks.ts";
import { endpointHealth } from "../../src/services/webhooks/record.ts";
import { ownerWithOrg, type TestUser } from "../admin/helpers.ts";
import { services } from "../helpers.ts";
import { deliver } from "../pipeline-helpers.ts";
import { createEndpoint, fannedOut, newHook, verify } from "./helpers.ts";

type Owner = TestUser & { organizationId: string };
let owner: Owner;

beforeAll(async () => {
  owner = await ownerWithOrg();
});

const QUEUE = { queue: "webhook-deliveries" };
const db = () => services().database.db;

async function endpointRow(id: string) {
  const [row] = await db().select().from(webhooks).where(eq(webhooks.id, id));
  return row;
}

async function deliveryRows(endpointId: string) {
  return db().select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, endpointId));
}

describe("one batch, several deliveries to the same endpoint", () => {
  it("all failing: every attempt recorded, the failures added to the endpoint's count, failing since the first", async () => {
    const hook = await newHook({ failTimes: -1, failStatus: 503 });
    const { endpoint } = await createEndpoint(owner.cookie, { url: hook.url });
    const since = new Date(Date.now() - 3_600_000);
    await db()
      .update(webhooks)
      .set({ consecutiveFailures: 3, failingSince: since })
      .where(eq(webhooks.id, endpoint.id));
    const { messages } = await fannedOut(owner.organizationId, endpoint.id, 4);

    const result = await deliver(messages, QUEUE);
    expect(result).toMatchObject({ acked: 0, retried: 4 });
    expect(await hook.received()).toHaveLength(4);
    const rows = await deliveryRows(endpoint.id);
    expect(rows.map((row) => [row.status, row.attempts, row.lastStatusCode])).toEqual(
      Array(4).fill(["pending", 1, 503]),
    );
    const attempts = await db()
      .select()
      .from(webhookAttempts)
      .where(
        inArray(
          webhookAttempts.deliveryId,
          rows.map((row) => row.id),
        ),
      );
    expect(attempts.map((a) => [a.attemptNumber, a.statusCode])).toEqual(Array(4).fill([1, 503]));
    expect(await endpointRow(endpoint.id)).toMatchObject({ consecutiveFailures: 7, failingSince: since });
  });

  it("mixed outcomes: a success in the batch resets the endpoint's run of failures", async () => {
    // The receiver fails the first two requests it gets, then answers 200.
    const hook = await newHook({ failTimes: 2 });
    const { endpoint } = await createEndpoint(owner.cookie, { url: hook.url });
    await db()
      .update(webhooks)
      .set({ consecutiveFailures: 9, failingSince: new Date(Date.now() - 3_600_000) })
      .where(eq(webhooks.id, endpoint.id));
    const { messages } = await fannedOut(owner.organizationId, endpoint.id, 5);

    const result = await deliver(messages, QUEUE);
    expect(result).toMatchObject({ acked: 3, retried: 2 });
    const rows = await deliveryRows(endpoint.id);
    expect(rows.filter((row) => row.status === "succeeded")).toHaveLength(3);
    expect(rows.filter((row) => row.status === "pending" && row.lastStatusCode === 500)).toHaveLength(2);
    expect(rows.every((row) => row.attempts === 1 && row.lockedUntil === null)).toBe(true);

    // Whichever finished last, the stored nine are gone: at most the two failures of this batch
    // that finished after its last success remain, and failing-since goes with them.
    const after = await endpointRow(endpoint.id);
    expect(after?.consecutiveFailures).toBeLessThanOrEqual(2);
    expect(after?.failingSince === null).toBe(after?.consecutiveFailures === 0);
  });

  it("the endpoint's counters follow the order the attempts finished in", () => {
    const at = (ms: number) => new Date(1_000_000 + ms);
    const attempt = (endpointId: string, ok: boolean, finishedMs: number) => ({
      row: {} as never,
      endpointId,
      ok,
      finishedAt: at(finishedMs),
    });
    const health = endpointHealth([
      attempt("a", false, 30),
      attempt("a", true, 20),
      attempt("a", false, 10),
      attempt("b", false, 5),
      attempt("b", false, 6),
      attempt("c", false, 1),
      attempt("c", true, 2),
    ]);
    expect(Object.fromEntries(health)).toEqual({
      a: { reset: true, failures: 1 },
      b: { reset: false, failures: 2 },
      c: { reset: true, failures: 0 },
    });
  });
});

describe("one batch, messages that send nothing", () => {
  it("duplicates, a delivery held by another consumer, one not yet due and one finished: one send, each message answered for its own delivery", async () => {
    const hook = await newHook();
    const { endpoint } = await createEndpoint(owner.cookie, { url: hook.url });
    const { messages } = await fannedOut(owner.organizationId, endpoint.id, 4);
    const [due, held, later, finished] = messages as [
      { deliveryId: string },
      { deliveryId: string },
      { deliveryId: string },
      { deliveryId: string },
    ];
    const set = (id: string, values: Partial<typeof webhookDeliveries.$inferInsert>) =>
      db().update(webhookDeliveries).set(values).where(eq(webhookDeliveries.id, id));
    await set(held.deliveryId, { lockedUntil: new Date(Date.now() + 120_000) });
    await set(later.deliveryId, { nextAttemptAt: new Date(Date.now() + 60_000) });
    await set(finished.deliveryId, { status: "succeeded", attempts: 1 });

    const result = await deliver([due, held, due, later, finished, due], QUEUE);
    expect(result.acked).toBe(5);
    // Only the not-yet-due delivery's message comes back (when it is due; the test pool does not
    // report the delay it asked for).
    expect(result.retries.map((r) => r.msgId)).toEqual([result.ids[3]]);

    const received = await hook.received();
    expect(received).toHaveLength(1);
    const rows = new Map((await deliveryRows(endpoint.id)).map((row) => [row.id, row]));
    expect(rows.get(due.deliveryId)).toMatchObject({ status: "succeeded", attempts: 1 });
    expect(rows.get(held.deliveryId)).toMatchObject({ status: "pending", attempts: 0 });
    expect(rows.get(held.deliveryId)?.lockedUntil).not.toBeNull();
    expect(rows.get(later.deliveryId)).toMatchObject({ status: "pending", attempts: 0, lockedUntil: null });
    expect(rows.get(finished.deliveryId)).toMatchObject({ status: "succeeded", attempts: 1 });
    const attempts = await db()
      .select()
      .from(webhookAttempts)
      .where(inArray(webhookAttempts.deliveryId, [...rows.keys()]));
    expect(attempts.map((a) => a.deliveryId)).toEqual([due.deliveryId]);
  });

  it("a malformed message among good ones is kept as a dead letter; the good ones are delivered", async () => {
    const hook = await newHook();
    const { endpoint } = await createEndpoint(owner.cookie, { url: hook.url });
    const { messages, eventIds } = await fannedOut(owner.organizationId, endpoint.id, 2);
    const malformed = { type: "webhook_delivery", deliveryId: 42, extra: "<script>" };

    const result = await deliver([messages[0], malformed, messages[1]], QUEUE);
    expect(result).toMatchObject({ acked: 3, retried: 0 });
    const received = await hook.received();
    expect(received.map((r) => r.headers["webhook-id"]).sort()).toEqual([...eventIds].sort());
    const [kept] = await db()
      .select()
      .from(deadLetterEvents)
      .where(eq(deadLetterEvents.messageId, result.ids[1] as string));
    expect(kept).toMatchObject({ queue: "webhook-deliveries", kind: "malformed", body: malformed });
  });
});

describe("one batch, one delivery whose handling fails", () => {
  it("the others are sent and recorded; it alone is released, unsent and uncounted, and comes back", async () => {
    const good = await newHook();
    const broken = await newHook();
    const endpoints = [
      await createEndpoint(owner.cookie, { url: good.url }),
      await createEndpoint(owner.cookie, { url: broken.url }),
    ];
    const brokenId = endpoints[1]?.endpoint.id as string;
    // A secret that decrypts but is not base64: signing it throws (our bug, not the receiver's).
    const s = services();
    await db()
      .update(webhooks)
      .set({ secretCiphertext: await s.webhooks.secrets.seal(brokenId, "whsec_%%%not base64%%%") })
      .where(eq(webhooks.id, brokenId));
    const fine = await fannedOut(owner.organizationId, endpoints[0]?.endpoint.id as string, 2);
    const failing = await fannedOut(owner.organizationId, brokenId, 1);

    const result = await deliver([fine.messages[0], failing.messages[0], fine.messages[1]], QUEUE);
    expect(result.acked).toBe(2);
    expect(result.retries.map((r) => r.msgId)).toEqual([result.ids[1]]);
    expect(await good.received()).toHaveLength(2);
    expect(await broken.received()).toEqual([]);
    expect((await deliveryRows(endpoints[0]?.endpoint.id as string)).map((row) => row.status)).toEqual([
      "succeeded",
      "succeeded",
    ]);
    const [row] = await deliveryRows(brokenId);
    expect(row).toMatchObject({ status: "pending", attempts: 0, lockedUntil: null });
    expect(row?.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
  });
});

describe("one batch, two organizations", () => {
  it("signs each delivery with its own endpoint's secret, never the other's", async () => {
    const other = await ownerWithOrg();
    const hooks = [await newHook(), await newHook()];
    const endpoints = [
      await createEndpoint(owner.cookie, { url: hooks[0]?.url }),
      await createEndpoint(other.cookie, { url: hooks[1]?.url }),
    ];
    const fanned = [
      await fannedOut(owner.organizationId, endpoints[0]?.endpoint.id as string, 3),
      await fannedOut(other.organizationId, endpoints[1]?.endpoint.id as string, 3),
    ];
    // Interleaved, so the two endpoints' sends run side by side.
    const batch = fanned[0]?.messages.flatMap((m, i) => [m, fanned[1]?.messages[i]]) ?? [];
    expect(await deliver(batch, QUEUE)).toMatchObject({ acked: 6, retried: 0 });

    for (const [i, hook] of hooks.entries()) {
      const own = endpoints[i]?.secret as string;
      const others = endpoints[1 - i]?.secret as string;
      const received = await hook?.received();
      expect(received?.map((r) => r.headers["webhook-id"]).sort()).toEqual(
        [...(fanned[i]?.eventIds ?? [])].sort(),
      );
      for (const delivery of received ?? []) {
        expect(delivery.headers["webhook-signature"]?.split(" ")).toHaveLength(1);
        expect(verify(own, delivery).type).toBe("api_key.created");
        expect(() => new StandardWebhook(others).verify(delivery.body, delivery.headers)).toThrow();
      }
    }
  });
});
