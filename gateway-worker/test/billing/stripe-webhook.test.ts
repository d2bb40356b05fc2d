// The checkout → webhook → plan loop on the local Stripe stand-in, inside workerd against the
// real Postgres and Redis: events are the stand-in's own (signed as Stripe signs, verified by the
// SDK's constructEventAsync in the Worker) or made here and signed with the SDK's
// generateTestHeaderString; duplicates, out-of-order delivery, bad signatures, payment failure,
// cancellation, and the next gateway request seeing the new limits.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { billingSubscriptions, stripeEvents } from "../../src/db/schema/billing.ts";
import { organizations } from "../../src/db/schema/organizations.ts";
import { webhookEvents } from "../../src/db/schema/webhooks.ts";
import { api, createKey, errorOf, ownerWithOrg } from "../admin/helpers.ts";
import { callGateway, services } from "../helpers.ts";
import {
  checkout,
  control,
  cryptoProvider,
  deliver,
  deliverAll,
  deliveriesFor,
  overview,
  paidOrganization,
  postWebhook,
  stripe,
  WEBHOOK_SECRET,
} from "./helpers.ts";

const orgRow = async (organizationId: string) =>
  (await services().database.db.select().from(organizations).where(eq(organizations.id, organizationId)))[0];

const eventTypes = async (organizationId: string) =>
  (
    await services()
      .database.db.select({ type: webhookEvents.type })
      .from(webhookEvents)
      .where(eq(webhookEvents.organizationId, organizationId))
  ).map((row) => row.type);

describe("checkout → Stripe webhook → plan", () => {
  it("upgrades through the hosted checkout page; the next gateway request sees the new limits", async () => {
    const owner = await ownerWithOrg();
    const { key } = await createKey(owner.cookie);
    const gateway = () => callGateway("/v1/echo", { key }, { REDIS_TIMEOUT_MS: "2000" });
    expect((await gateway()).headers.get("X-RateLimit-Limit")).toBe("60");

    const paid = await checkout(owner, "PRO", { deliverEvents: false });
    const sent = await deliveriesFor(paid.customerId);
    expect(sent.map((d) => d.type)).toEqual([
      "customer.created",
      "customer.subscription.created",
      "checkout.session.completed",
      "invoice.paid",
    ]);
    // Nothing changes before Stripe's events arrive.
    expect((await orgRow(owner.organizationId))?.plan).toBe("FREE");
    for (const delivery of sent) expect((await deliver(delivery)).status).toBe(200);

    const org = await orgRow(owner.organizationId);
    expect(org).toMatchObject({
      plan: "PRO",
      subscriptionStatus: "active",
      stripeCustomerId: paid.customerId,
      stripeSubscriptionId: paid.subscriptionId,
    });
    const next = await gateway();
    expect(next.status).toBe(200);
    expect(next.headers.get("X-RateLimit-Limit")).toBe("6000");
    expect(next.headers.get("RateLimit-Policy")).toContain('"monthly";q=1000000;');

    const view = await overview(owner.cookie);
    expect(view).toMatchObject({ plan: "PRO", pastDue: false, includedQuota: 1_000_000 });
    expect(view.subscription?.status).toBe("active");
    // The first period ends with the UTC month (the quota's period).
    const now = new Date();
    expect(view.subscription?.currentPeriodEnd).toBe(
      new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString(),
    );
    expect(view.chargeSoFar).toEqual({ currency: "usd", flat: 19_900, overage: 0, total: 19_900 });
    expect(await eventTypes(owner.organizationId)).toEqual(
      expect.arrayContaining(["billing.subscription_updated", "billing.plan_changed"]),
    );

    // The invoice is listed from Stripe; a second checkout is refused (the portal manages it).
    const invoices = await api("/billing/invoices", { cookie: owner.cookie });
    expect(((await invoices.json()) as { data: { status: string; total: number }[] }).data).toEqual([
      expect.objectContaining({ status: "paid", total: 19_900 }),
    ]);
    const again = await api("/billing/checkout", { cookie: owner.cookie, body: { plan: "STARTER" } });
    expect(again.status).toBe(409);
    const portal = await api("/billing/portal", { cookie: owner.cookie, body: undefined, method: "POST" });
    expect(portal.status).toBe(201);
    const { url } = (await portal.json()) as { url: string };
    expect(await (await fetch(url)).text()).toContain("Billing portal");
  });

  it("reuses the organization's Stripe customer across checkouts", async () => {
    const owner = await ownerWithOrg();
    const first = await api("/billing/checkout", { cookie: owner.cookie, body: { plan: "STARTER" } });
    const second = await api("/billing/checkout", { cookie: owner.cookie, body: { plan: "PRO" } });
    const [a, b] = await Promise.all(
      [first, second].map(async (r) =>
        stripe.checkout.sessions.retrieve(((await r.json()) as { sessionId: string }).sessionId),
      ),
    );
    expect(a?.customer).toBe(b?.customer);
    expect((await orgRow(owner.organizationId))?.stripeCustomerId).toBe(a?.customer);
    expect(a?.client_reference_id).toBe(owner.organizationId);
  });

  it("a redelivered event is applied once", async () => {
    const owner = await ownerWithOrg();
    const paid = await checkout(owner, "STARTER", { deliverEvents: false });
    const [created] = (await deliveriesFor(paid.customerId)).filter(
      (d) => d.type === "checkout.session.completed",
    );
    if (!created) throw new Error("no checkout.session.completed");
    expect(await deliver(created)).toEqual({ status: 200, outcome: "applied" });
    expect(await deliver(created)).toEqual({ status: 200, outcome: "duplicate" });
    const stored = await services()
      .database.db.select()
      .from(stripeEvents)
      .where(eq(stripeEvents.id, created.eventId));
    expect(stored).toHaveLength(1);
    expect(stored[0]?.organizationId).toBe(owner.organizationId);
    expect((await eventTypes(owner.organizationId)).filter((t) => t === "billing.plan_changed")).toHaveLength(
      1,
    );
  });

  it("out of order: an old 'created' event arriving after the cancellation does not resurrect the plan", async () => {
    const paid = await paidOrganization("PRO");
    await control(`subscriptions/${paid.subscriptionId}/cancel`);
    const events = (await deliveriesFor(paid.customerId)).filter((d) => d.seq > paid.lastSeq);
    expect(events.map((d) => d.type)).toEqual(["customer.subscription.deleted"]);
    // Deliver the deletion, then replay an older snapshot as a new event (a late, reordered one).
    await deliver(events[0] as (typeof events)[number]);
    expect(await orgRow(paid.organizationId)).toMatchObject({ plan: "FREE", subscriptionStatus: "canceled" });
    const stale = JSON.stringify({
      id: `evt_late_${crypto.randomUUID()}`,
      object: "event",
      type: "customer.subscription.updated",
      created: Math.floor(Date.now() / 1000) - 600,
      data: { object: { id: paid.subscriptionId, object: "subscription", status: "active" } },
    });
    const signature = await stripe.webhooks.generateTestHeaderStringAsync({
      payload: stale,
      secret: WEBHOOK_SECRET,
      cryptoProvider,
    });
    const response = await postWebhook(stale, signature);
    expect(response.status).toBe(200);
    expect(await orgRow(paid.organizationId)).toMatchObject({ plan: "FREE", subscriptionStatus: "canceled" });
  });

  it("payment failure → past due (plan kept, event sent) → recovery; then cancellation → FREE limits", async () => {
    const paid = await paidOrganization("PRO");
    const { key } = await createKey(paid.cookie);
    await control(`subscriptions/${paid.subscriptionId}/fail_payment`);
    let seq = await deliverAll(paid.customerId, paid.lastSeq);
    expect(await orgRow(paid.organizationId)).toMatchObject({ plan: "PRO", subscriptionStatus: "past_due" });
    expect((await overview(paid.cookie)).pastDue).toBe(true);
    expect(await eventTypes(paid.organizationId)).toContain("billing.payment_failed");
    const failedEvent = await services()
      .database.db.select({ payload: webhookEvents.payload })
      .from(webhookEvents)
      .where(
        and(
          eq(webhookEvents.organizationId, paid.organizationId),
          eq(webhookEvents.type, "billing.payment_failed"),
        ),
      );
    expect(failedEvent[0]?.payload).toMatchObject({
      data: { amountDue: 19_900, currency: "usd", attemptCount: 1 },
    });

    await control(`subscriptions/${paid.subscriptionId}/cancel`);
    seq = await deliverAll(paid.customerId, seq);
    expect(await orgRow(paid.organizationId)).toMatchObject({ plan: "FREE", subscriptionStatus: "canceled" });
    const response = await callGateway("/v1/echo", { key }, { REDIS_TIMEOUT_MS: "2000" });
    expect(response.headers.get("X-RateLimit-Limit")).toBe("60");
    const [subscription] = await services()
      .database.db.select()
      .from(billingSubscriptions)
      .where(eq(billingSubscriptions.organizationId, paid.organizationId));
    expect(subscription?.status).toBe("canceled");
  });

  it("a downgrade chosen in the portal takes effect at period end", async () => {
    const paid = await paidOrganization("PRO");
    const portal = await stripe.billingPortal.sessions.create({ customer: paid.customerId });
    await fetch(`${portal.url}/action`, {
      method: "POST",
      body: new URLSearchParams({
        subscription: paid.subscriptionId,
        action: "switch",
        price: "price_starter_flat",
      }),
      redirect: "manual",
    });
    let seq = await deliverAll(paid.customerId, paid.lastSeq);
    expect((await orgRow(paid.organizationId))?.plan).toBe("PRO");
    await control(`subscriptions/${paid.subscriptionId}/end_period`);
    seq = await deliverAll(paid.customerId, seq);
    expect(seq).toBeGreaterThan(paid.lastSeq);
    expect((await orgRow(paid.organizationId))?.plan).toBe("STARTER");
  });
});

describe("Stripe webhook: hostile input", () => {
  it("a bad signature answers 400 and changes nothing", async () => {
    const paid = await paidOrganization("STARTER");
    await control(`subscriptions/${paid.subscriptionId}/cancel`);
    const [deleted] = (await deliveriesFor(paid.customerId)).filter((d) => d.seq > paid.lastSeq);
    if (!deleted) throw new Error("no deletion event");
    const wrongSecret = await stripe.webhooks.generateTestHeaderStringAsync({
      payload: deleted.payload,
      secret: "whsec_not_the_secret",
      cryptoProvider,
    });
    const tampered = deleted.payload.replace('"canceled"', '"active"');
    const old = await stripe.webhooks.generateTestHeaderStringAsync({
      payload: deleted.payload,
      secret: WEBHOOK_SECRET,
      timestamp: Math.floor(Date.now() / 1000) - 301,
      cryptoProvider,
    });
    for (const [payload, signature] of [
      [deleted.payload, wrongSecret],
      [tampered, deleted.signature],
      [deleted.payload, old],
      [deleted.payload, "t=1,v1=00"],
      [deleted.payload, ""],
    ] as const) {
      const response = await postWebhook(payload, signature);
      expect(response.status, signature).toBe(400);
      expect((await errorOf(response)).code).toMatch(/BAD_REQUEST|VALIDATION_FAILED/);
    }
    expect((await postWebhook(deleted.payload, null)).status).toBe(400);
    expect(await orgRow(paid.organizationId)).toMatchObject({
      plan: "STARTER",
      subscriptionStatus: "active",
    });
    const stored = await services()
      .database.db.select()
      .from(stripeEvents)
      .where(eq(stripeEvents.id, deleted.eventId));
    expect(stored).toEqual([]);
    // The genuine delivery still applies afterwards.
    expect((await deliver(deleted)).outcome).toBe("applied");
  });

  it("refuses oversized, non-JSON and malformed bodies before verifying anything", async () => {
    const big = JSON.stringify({ id: "evt_big", padding: "x".repeat(70 * 1024) });
    const signature = await stripe.webhooks.generateTestHeaderStringAsync({
      payload: big,
      secret: WEBHOOK_SECRET,
      cryptoProvider,
    });
    expect((await postWebhook(big, signature)).status).toBe(413);
    const form = "id=evt_1&type=invoice.paid";
    expect(
      (await postWebhook(form, "t=1,v1=00", { contentType: "application/x-www-form-urlencoded" })).status,
    ).toBe(415);
    for (const malformed of ['{"id":"evt_1"', '{"id":"a","id":"b"}', '{"__proto__":{"x":1}}', "\u0000"]) {
      const signed = await stripe.webhooks.generateTestHeaderStringAsync({
        payload: malformed,
        secret: WEBHOOK_SECRET,
        cryptoProvider,
      });
      const response = await postWebhook(malformed, signed);
      expect(response.status, malformed).toBe(400);
    }
  });

  it("is exempt from the session and Origin rules only: a foreign Origin still cannot use the other routes", async () => {
    const owner = await ownerWithOrg();
    const foreign = await api("/billing/checkout", {
      cookie: owner.cookie,
      origin: "https://evil.example",
      body: { plan: "PRO" },
    });
    expect(foreign.status).toBe(403);
    const payload = JSON.stringify({
      id: `evt_${crypto.randomUUID()}`,
      object: "event",
      type: "product.created",
      created: Math.floor(Date.now() / 1000),
      data: { object: { id: "prod_x", object: "product" } },
    });
    const signature = await stripe.webhooks.generateTestHeaderStringAsync({
      payload,
      secret: WEBHOOK_SECRET,
      cryptoProvider,
    });
    const response = await api("/billing/stripe/webhook", {
      rawBody: payload,
      origin: "https://hooks.stripe.com",
      headers: { "Stripe-Signature": signature },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true, outcome: "ignored" });
  });
});
