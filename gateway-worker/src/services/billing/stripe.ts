// Every call the platform makes to Stripe, through the official SDK with Workers' fetch and
// SubtleCrypto. Each create carries an idempotency key derived from what it creates (so a retry,
// ours or the SDK's, never makes a second object), each call has a timeout, and Stripe being
// unreachable becomes `BILLING_UNAVAILABLE` (503 + Retry-After) for the billing route that asked —
// nothing else in the Worker calls Stripe on its request path.
import { ApiError } from "@edgegate/shared/errors";
import type { PlanId } from "@edgegate/shared/plans";
import Stripe from "stripe";
import type { Config } from "../../config.ts";

export type PaidPlan = "STARTER" | "PRO";

export interface PlanPrices {
  flat: Stripe.Price;
  overage: Stripe.Price;
}

export interface StripeClient {
  /** The plans this deployment sells, with their prices as Stripe has them (cached per isolate). */
  planPrices(): Promise<Partial<Record<PaidPlan, PlanPrices>>>;
  /** The plan a subscription's prices belong to (by the configured flat price), or null. */
  planOfPrices(priceIds: readonly string[]): PlanId | null;
  createCustomer(organization: { id: string; name: string }): Promise<Stripe.Customer>;
  createCheckoutSession(input: {
    organizationId: string;
    customerId: string;
    plan: PaidPlan;
    successUrl: string;
    cancelUrl: string;
    /** Seconds: the first period ends here (the start of the next UTC month, the quota's period). */
    billingCycleAnchor: number;
    idempotencyKey: string;
  }): Promise<Stripe.Checkout.Session>;
  createPortalSession(customerId: string, returnUrl: string): Promise<Stripe.BillingPortal.Session>;
  retrieveSubscription(id: string): Promise<Stripe.Subscription>;
  retrieveCheckoutSession(id: string): Promise<Stripe.Checkout.Session>;
  listInvoices(customerId: string, limit: number): Promise<Stripe.Invoice[]>;
  /** One meter event; `identifier` makes a repeat a no-op at Stripe. */
  reportUsage(input: {
    identifier: string;
    customerId: string;
    value: number;
    timestamp: number;
  }): Promise<void>;
  /** The meter's hourly totals for a customer over [start, end) (seconds, whole hours). */
  meterSummaries(customerId: string, start: number, end: number): Promise<Map<number, number>>;
  /** Verifies `Stripe-Signature` over the raw body (tolerance 300 s) and parses the event. */
  constructEvent(rawBody: string, signature: string): Promise<Stripe.Event>;
}

/** How long a caller should wait after Stripe failed to answer. */
const RETRY_AFTER_SECONDS = "30";

/** Stripe did not answer usefully: a network failure, a timeout, its 5xx, or its rate limit. */
export function isStripeOutage(error: unknown): boolean {
  return (
    error instanceof Stripe.errors.StripeConnectionError ||
    error instanceof Stripe.errors.StripeRateLimitError ||
    (error instanceof Stripe.errors.StripeError && (error.statusCode ?? 500) >= 500)
  );
}

export function billingUnavailable(reason?: string, cause?: unknown): ApiError {
  return new ApiError("BILLING_UNAVAILABLE", reason, {
    headers: { "Retry-After": RETRY_AFTER_SECONDS },
    cause,
  });
}

async function guarded<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isStripeOutage(error)) {
      console.error(JSON.stringify({ event: "stripe_unavailable", call: what, error: String(error) }));
      throw billingUnavailable(undefined, error);
    }
    throw error;
  }
}

/** Signature tolerance: Stripe's default, stated so a future SDK default cannot change it. */
export const STRIPE_SIGNATURE_TOLERANCE_SECONDS = 300;

export function createStripeClient(config: Config): StripeClient {
  if (!config.STRIPE_SECRET_KEY) {
    const off = () => {
      throw billingUnavailable("Billing is not configured on this deployment (STRIPE_SECRET_KEY is unset).");
    };
    return {
      planPrices: off,
      planOfPrices: () => null,
      createCustomer: off,
      createCheckoutSession: off,
      createPortalSession: off,
      retrieveSubscription: off,
      retrieveCheckoutSession: off,
      listInvoices: off,
      reportUsage: off,
      meterSummaries: off,
      constructEvent: off,
    };
  }
  const base = config.STRIPE_API_BASE ? new URL(config.STRIPE_API_BASE) : null;
  const stripe = new Stripe(config.STRIPE_SECRET_KEY, {
    httpClient: Stripe.createFetchHttpClient(),
    timeout: config.STRIPE_TIMEOUT_MS,
    // One retry (same idempotency key) for a dropped connection or a 5xx; the next cron run or
    // the user's retry covers the rest.
    maxNetworkRetries: 1,
    ...(base
      ? {
          host: base.hostname.replace(/^\[|\]$/g, ""),
          port: Number(base.port || (base.protocol === "https:" ? 443 : 80)),
          protocol: base.protocol.replace(":", "") as "http" | "https",
        }
      : {}),
  });
  const crypto = Stripe.createSubtleCryptoProvider();
  const configured = config.STRIPE_PRICES;
  let prices: Partial<Record<PaidPlan, PlanPrices>> | undefined;

  return {
    async planPrices() {
      // Only the resolved value is kept: a pending fetch must never be awaited by another request.
      prices ??= await guarded("prices.retrieve", async () => {
        const entries = await Promise.all(
          (Object.entries(configured) as [PaidPlan, { flat: string; overage: string }][]).map(
            async ([plan, ids]) =>
              [
                plan,
                {
                  flat: await stripe.prices.retrieve(ids.flat),
                  overage: await stripe.prices.retrieve(ids.overage),
                },
              ] as const,
          ),
        );
        return Object.fromEntries(entries) as Partial<Record<PaidPlan, PlanPrices>>;
      });
      return prices;
    },
    planOfPrices(priceIds) {
      for (const [plan, ids] of Object.entries(configured) as [PaidPlan, { flat: string }][]) {
        if (priceIds.includes(ids.flat)) return plan;
      }
      return null;
    },
    createCustomer: (organization) =>
      guarded("customers.create", () =>
        stripe.customers.create(
          { name: organization.name, metadata: { organization_id: organization.id } },
          // One customer per organization, however often this is retried.
          { idempotencyKey: `customer:${organization.id}` },
        ),
      ),
    createCheckoutSession: (input) => {
      const ids = configured[input.plan];
      if (!ids) {
        throw new ApiError("VALIDATION_FAILED", `The ${input.plan} plan is not offered here.`, {
          fields: [{ path: "plan", message: "this plan has no Stripe prices configured (STRIPE_PRICES)" }],
        });
      }
      return guarded("checkout.sessions.create", () =>
        stripe.checkout.sessions.create(
          {
            mode: "subscription",
            customer: input.customerId,
            client_reference_id: input.organizationId,
            line_items: [{ price: ids.flat, quantity: 1 }, { price: ids.overage }],
            subscription_data: {
              billing_cycle_anchor: input.billingCycleAnchor,
              metadata: { organization_id: input.organizationId },
            },
            metadata: { organization_id: input.organizationId, plan: input.plan },
            success_url: input.successUrl,
            cancel_url: input.cancelUrl,
          },
          { idempotencyKey: input.idempotencyKey },
        ),
      );
    },
    createPortalSession: (customerId, returnUrl) =>
      guarded("billing_portal.sessions.create", () =>
        stripe.billingPortal.sessions.create({ customer: customerId, return_url: returnUrl }),
      ),
    retrieveSubscription: (id) => guarded("subscriptions.retrieve", () => stripe.subscriptions.retrieve(id)),
    retrieveCheckoutSession: (id) =>
      guarded("checkout.sessions.retrieve", () => stripe.checkout.sessions.retrieve(id)),
    listInvoices: (customerId, limit) =>
      guarded(
        "invoices.list",
        async () => (await stripe.invoices.list({ customer: customerId, limit })).data,
      ),
    reportUsage: (input) =>
      guarded("billing.meter_events.create", async () => {
        await stripe.billing.meterEvents.create(
          {
            event_name: config.STRIPE_METER_EVENT_NAME,
            identifier: input.identifier,
            timestamp: input.timestamp,
            payload: { stripe_customer_id: input.customerId, value: String(input.value) },
          },
          { idempotencyKey: input.identifier },
        );
      }),
    meterSummaries: (customerId, start, end) =>
      guarded("billing.meters.listEventSummaries", async () => {
        const totals = new Map<number, number>();
        const summaries = stripe.billing.meters.listEventSummaries(config.STRIPE_METER_ID, {
          customer: customerId,
          start_time: start,
          end_time: end,
          value_grouping_window: "hour",
          limit: 100,
        });
        for await (const summary of summaries) totals.set(summary.start_time, summary.aggregated_value);
        return totals;
      }),
    constructEvent: (rawBody, signature) =>
      stripe.webhooks.constructEventAsync(
        rawBody,
        signature,
        config.STRIPE_WEBHOOK_SECRET,
        STRIPE_SIGNATURE_TOLERANCE_SECONDS,
        crypto,
      ),
  };
}
