// The local Stripe stand-in, checked against the official `stripe` SDK: the SDK's requests (form
// encoding, idempotency keys, error envelope) and the SDK's own signature verification of the
// events the stand-in sends.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_CATALOG } from "../src/stripe/catalog.ts";
import { type StripeStandIn, signStripePayload, startStripeStandIn } from "../src/stripe/server.ts";

const SECRET = "whsec_stand_in_test";
let standIn: StripeStandIn;
let stripe: Stripe;

function client(apiKey = "sk_test_stand_in") {
  const url = new URL(standIn.url);
  return new Stripe(apiKey, {
    host: url.hostname,
    port: Number(url.port),
    protocol: "http",
    maxNetworkRetries: 0,
  });
}

beforeAll(async () => {
  standIn = await startStripeStandIn({ catalog: DEMO_CATALOG, webhookSecret: SECRET });
  stripe = client();
});
afterAll(() => standIn?.close());

async function checkout(customer: string) {
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    customer,
    client_reference_id: "org_1",
    line_items: [{ price: "price_pro_flat", quantity: 1 }, { price: "price_pro_overage" }],
    success_url: "http://127.0.0.1:5173/billing?checkout=success",
    cancel_url: "http://127.0.0.1:5173/billing?checkout=cancel",
  });
  return session;
}

describe("Stripe stand-in with the real SDK", () => {
  it("creates customers and answers with Stripe's object shapes", async () => {
    const customer = await stripe.customers.create({
      name: "Acme",
      email: "a@acme.test",
      metadata: { org: "o1" },
    });
    expect(customer).toMatchObject({ object: "customer", name: "Acme", metadata: { org: "o1" } });
    expect(customer.id).toMatch(/^cus_/);
    expect((await stripe.customers.retrieve(customer.id)).id).toBe(customer.id);
    const price = await stripe.prices.retrieve("price_pro_overage");
    expect(price.recurring?.usage_type).toBe("metered");
    expect(price.recurring?.meter).toBe(DEMO_CATALOG.meter.id);
  });

  it("same idempotency key + same request → the same response; + a different request → idempotency_error", async () => {
    const first = await stripe.customers.create({ name: "Once" }, { idempotencyKey: "customer-once" });
    const again = await stripe.customers.create({ name: "Once" }, { idempotencyKey: "customer-once" });
    expect(again.id).toBe(first.id);
    expect(again.lastResponse.headers["idempotent-replayed"]).toBe("true");
    const error = await stripe.customers
      .create({ name: "Different" }, { idempotencyKey: "customer-once" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect((error as Stripe.errors.StripeError).statusCode).toBe(400);
    expect((error as Stripe.errors.StripeError).type).toBe("StripeIdempotencyError");
  });

  it("answers unknown ids and bad keys with Stripe's error envelope", async () => {
    const notFound = await stripe.customers.retrieve("cus_nope").catch((e: unknown) => e);
    expect(notFound).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect((notFound as Stripe.errors.StripeError).code).toBe("resource_missing");
    expect((notFound as Stripe.errors.StripeError).statusCode).toBe(404);
    const badKey = await client("rk_live_nope")
      .customers.list()
      .catch((e: unknown) => e);
    expect(badKey).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    const missingParam = await stripe.checkout.sessions
      .create({ mode: "subscription", success_url: "http://x.test/" })
      .catch((e: unknown) => e);
    expect((missingParam as Stripe.errors.StripeError).param).toBe("line_items");
  });

  it("checkout completion creates the subscription and sends events the SDK verifies", async () => {
    const customer = await stripe.customers.create({ name: "Checkout" });
    const session = await checkout(customer.id);
    expect(session.url).toBe(`${standIn.url}/checkout/${session.id}`);
    const page = await fetch(session.url as string);
    expect(await page.text()).toContain("Pay and subscribe");
    const before = standIn.deliveries.length;
    const paid = await fetch(`${session.url}/pay`, { method: "POST", redirect: "manual" });
    expect(paid.status).toBe(303);
    expect(paid.headers.get("location")).toBe("http://127.0.0.1:5173/billing?checkout=success");

    const sent = standIn.deliveries.slice(before);
    expect(sent.map((d) => d.type)).toEqual([
      "customer.subscription.created",
      "checkout.session.completed",
      "invoice.paid",
    ]);
    const events = await Promise.all(
      sent.map((d) => stripe.webhooks.constructEventAsync(d.payload, d.signature, SECRET, 300)),
    );
    const completed = events[1]?.data.object as Stripe.Checkout.Session;
    expect(completed).toMatchObject({
      client_reference_id: "org_1",
      customer: customer.id,
      status: "complete",
    });
    const subscription = await stripe.subscriptions.retrieve(completed.subscription as string);
    expect(subscription.status).toBe("active");
    expect(subscription.items.data.map((item) => item.price.id)).toEqual([
      "price_pro_flat",
      "price_pro_overage",
    ]);
    const invoices = await stripe.invoices.list({ customer: customer.id });
    expect(invoices.data).toHaveLength(1);
    expect(invoices.data[0]).toMatchObject({ status: "paid", amount_paid: 19_900 });

    // A wrong secret fails the SDK's check.
    await expect(
      stripe.webhooks.constructEventAsync(
        sent[0]?.payload as string,
        sent[0]?.signature as string,
        "whsec_other",
      ),
    ).rejects.toThrow(Stripe.errors.StripeSignatureVerificationError);
  });

  it("signs exactly as the SDK's generateTestHeaderString does", () => {
    const payload = JSON.stringify({ id: "evt_1", object: "event" });
    const timestamp = 1_800_000_000;
    expect(signStripePayload(payload, SECRET, timestamp)).toBe(
      stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET, timestamp }),
    );
  });

  it("POSTs events to the webhook URL, signed", async () => {
    const received: { signature: string; body: string }[] = [];
    const hook = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => {
        body += c.toString();
      });
      req.on("end", () => {
        received.push({ signature: String(req.headers["stripe-signature"]), body });
        res.end("ok");
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, "127.0.0.1", resolve));
    standIn.setWebhookUrl(`http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`);
    try {
      const customer = await stripe.customers.create({ name: "Posted" });
      await expect.poll(() => received.length).toBe(1);
      const event = await stripe.webhooks.constructEventAsync(
        received[0]?.body as string,
        received[0]?.signature as string,
        SECRET,
      );
      expect(event.type).toBe("customer.created");
      expect((event.data.object as Stripe.Customer).id).toBe(customer.id);
    } finally {
      standIn.setWebhookUrl(undefined);
      hook.close();
    }
  });

  it("meter events: an identifier counts once; summaries per hour; 35-day window", async () => {
    const customer = await stripe.customers.create({ name: "Metered" });
    const hour = Math.floor(Date.now() / 3_600_000) * 3600 - 7200;
    for (const identifier of ["m-1", "m-1", "m-2"]) {
      await stripe.billing.meterEvents.create({
        event_name: DEMO_CATALOG.meter.eventName,
        identifier: `${customer.id}-${identifier}`,
        timestamp: hour + 60,
        payload: { stripe_customer_id: customer.id, value: "250" },
      });
    }
    const summaries = await stripe.billing.meters.listEventSummaries(DEMO_CATALOG.meter.id, {
      customer: customer.id,
      start_time: hour,
      end_time: hour + 7200,
      value_grouping_window: "hour",
    });
    expect(summaries.data.map((s) => [s.start_time, s.aggregated_value])).toEqual([
      [hour, 500],
      [hour + 3600, 0],
    ]);
    const tooOld = await stripe.billing.meterEvents
      .create({
        event_name: DEMO_CATALOG.meter.eventName,
        timestamp: hour - 40 * 86_400,
        payload: { stripe_customer_id: customer.id, value: "1" },
      })
      .catch((e: unknown) => e);
    expect((tooOld as Stripe.errors.StripeError).param).toBe("timestamp");
  });

  it("payment failure → past_due → cancellation, and a simulated outage per secret key", async () => {
    const customer = await stripe.customers.create({ name: "Failing" });
    const session = await checkout(customer.id);
    await fetch(`${standIn.url}/checkout/${session.id}/pay`, { method: "POST", redirect: "manual" });
    const { subscription } = await stripe.checkout.sessions.retrieve(session.id);
    const control = (path: string, body: Record<string, string> = {}) =>
      fetch(`${standIn.url}/_standin/${path}`, { method: "POST", body: new URLSearchParams(body) });
    const before = standIn.deliveries.length;
    await control(`subscriptions/${subscription}/fail_payment`);
    expect((await stripe.subscriptions.retrieve(subscription as string)).status).toBe("past_due");
    await control(`subscriptions/${subscription}/cancel`);
    expect((await stripe.subscriptions.retrieve(subscription as string)).status).toBe("canceled");
    expect(standIn.deliveries.slice(before).map((d) => d.type)).toEqual([
      "invoice.payment_failed",
      "customer.subscription.updated",
      "customer.subscription.deleted",
    ]);

    await control("outage", { secret_key: "sk_test_down", down: "true" });
    const down = await client("sk_test_down")
      .customers.create({ name: "x" })
      .catch((e: unknown) => e);
    expect(down).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect((down as Stripe.errors.StripeError).statusCode).toBe(503);
    await stripe.customers.create({ name: "other keys still work" });
    await control("outage", { secret_key: "sk_test_down", down: "false" });
    await client("sk_test_down").customers.create({ name: "back up" });
  });

  it("the portal page switches plans: upgrades now, downgrades at period end", async () => {
    const customer = await stripe.customers.create({ name: "Portal" });
    const session = await stripe.checkout.sessions.create({
      mode: "subscription",
      customer: customer.id,
      line_items: [{ price: "price_starter_flat", quantity: 1 }, { price: "price_starter_overage" }],
      success_url: "http://127.0.0.1:5173/billing",
    });
    await fetch(`${standIn.url}/checkout/${session.id}/pay`, { method: "POST", redirect: "manual" });
    const subscriptionId = (await stripe.checkout.sessions.retrieve(session.id)).subscription as string;
    const portal = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      return_url: "http://x.test/",
    });
    expect(await (await fetch(portal.url)).text()).toContain("Switch to Pro monthly");
    const act = (body: Record<string, string>) =>
      fetch(`${portal.url}/action`, {
        method: "POST",
        body: new URLSearchParams({ subscription: subscriptionId, ...body }),
        redirect: "manual",
      });
    await act({ action: "switch", price: "price_pro_flat" });
    let subscription = await stripe.subscriptions.retrieve(subscriptionId);
    expect(subscription.items.data.map((i) => i.price.id)).toEqual(["price_pro_flat", "price_pro_overage"]);
    await act({ action: "switch", price: "price_starter_flat" });
    subscription = await stripe.subscriptions.retrieve(subscriptionId);
    expect(subscription.items.data[0]?.price.id).toBe("price_pro_flat");
    await fetch(`${standIn.url}/_standin/subscriptions/${subscriptionId}/end_period`, { method: "POST" });
    subscription = await stripe.subscriptions.retrieve(subscriptionId);
    expect(subscription.items.data[0]?.price.id).toBe("price_starter_flat");
  });
});
