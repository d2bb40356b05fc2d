// Billing test helpers (inside workerd): the local Stripe stand-in (dev/src/stripe/, started by
// the test stack) and the Worker's Stripe webhook. The stand-in cannot reach the Worker under
// test over HTTP, so it records each event it sends (the exact bytes and the Stripe-Signature it
// computed) and `deliver` hands them to the Worker unchanged.
import { env } from "cloudflare:test";
import Stripe from "stripe";
import { inject } from "vitest";
import { api, ownerWithOrg, type TestUser } from "../admin/helpers.ts";

export const standInUrl = inject("stripeStandInUrl");
export const WEBHOOK_SECRET = env.STRIPE_WEBHOOK_SECRET as string;

/** The official SDK, as the tests' own Stripe client (signatures, direct reads). */
export const stripe = new Stripe("sk_test_edgegate", {
  httpClient: Stripe.createFetchHttpClient(),
  host: new URL(standInUrl).hostname,
  port: Number(new URL(standInUrl).port),
  protocol: "http",
  maxNetworkRetries: 0,
});
export const cryptoProvider = Stripe.createSubtleCryptoProvider();

export interface Delivery {
  seq: number;
  eventId: string;
  type: string;
  payload: string;
  signature: string;
}

/** Events the stand-in sent about `customerId` (its id appears in the event), oldest first. */
export async function deliveriesFor(customerId: string): Promise<Delivery[]> {
  const all = (await (await fetch(`${standInUrl}/_standin/deliveries`)).json()) as Delivery[];
  return all.filter((delivery) => delivery.payload.includes(`"${customerId}"`));
}

/** POSTs a delivery to the Worker's webhook endpoint as Stripe would (no session, no Origin). */
export function postWebhook(payload: string, signature: string | null, init: { contentType?: string } = {}) {
  return api("/billing/stripe/webhook", {
    rawBody: payload,
    contentType: init.contentType ?? "application/json; charset=utf-8",
    origin: null,
    headers: signature === null ? {} : { "Stripe-Signature": signature },
  });
}

export async function deliver(delivery: Delivery): Promise<{ status: number; outcome?: string }> {
  const response = await postWebhook(delivery.payload, delivery.signature);
  const body = (await response.json()) as { outcome?: string };
  return { status: response.status, outcome: body.outcome };
}

/** Delivers every event about `customerId` after `afterSeq`, in order; returns the last seq. */
export async function deliverAll(customerId: string, afterSeq = 0): Promise<number> {
  let last = afterSeq;
  for (const delivery of await deliveriesFor(customerId)) {
    if (delivery.seq <= afterSeq) continue;
    const { status } = await deliver(delivery);
    if (status !== 200) throw new Error(`webhook ${delivery.type} answered ${status}`);
    last = delivery.seq;
  }
  return last;
}

/** The stand-in's control routes (end a period, decline a payment, cancel, outage). */
export async function control(path: string, body: Record<string, string> = {}): Promise<unknown> {
  const response = await fetch(`${standInUrl}/_standin/${path}`, {
    method: "POST",
    body: new URLSearchParams(body),
  });
  if (!response.ok) throw new Error(`stand-in ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

export interface PaidOrganization extends TestUser {
  organizationId: string;
  customerId: string;
  subscriptionId: string;
  lastSeq: number;
}

/** Upgrades through the hosted checkout page; `deliverEvents: false` leaves the events undelivered. */
export async function checkout(
  owner: TestUser & { organizationId: string },
  plan: "STARTER" | "PRO" = "PRO",
  options: { deliverEvents?: boolean } = {},
): Promise<PaidOrganization> {
  const started = await api("/billing/checkout", { cookie: owner.cookie, body: { plan } });
  if (started.status !== 201) throw new Error(`checkout ${started.status}: ${await started.text()}`);
  const { url, sessionId } = (await started.json()) as { url: string; sessionId: string };
  const paid = await fetch(`${url}/pay`, { method: "POST", redirect: "manual" });
  if (paid.status !== 303) throw new Error(`paying failed: ${paid.status}`);
  const session = await stripe.checkout.sessions.retrieve(sessionId);
  const customerId = session.customer as string;
  const lastSeq = options.deliverEvents === false ? 0 : await deliverAll(customerId);
  return { ...owner, customerId, subscriptionId: session.subscription as string, lastSeq };
}

export async function paidOrganization(plan: "STARTER" | "PRO" = "PRO"): Promise<PaidOrganization> {
  return checkout(await ownerWithOrg(), plan);
}

export async function overview(cookie: string) {
  const response = await api("/billing", { cookie });
  if (response.status !== 200) throw new Error(`overview ${response.status}: ${await response.text()}`);
  return (await response.json()) as {
    plan: string;
    pastDue: boolean;
    subscription: { status: string; cancelAtPeriodEnd: boolean; currentPeriodEnd: string | null } | null;
    includedQuota: number | null;
    usage: { requests: number; overageRequests: number };
    chargeSoFar: { flat: number; overage: number; total: number } | null;
    lastReconciliation: { status: string; differenceCount: number } | null;
  };
}
