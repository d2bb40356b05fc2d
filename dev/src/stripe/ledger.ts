// The stand-in's books: customers, subscriptions, invoices, meter events, and the lifecycle steps
// Stripe performs on its own (checkout completion, period renewal, failed payments,
// cancellation), each emitting the events Stripe would send, in Stripe's order.
import type { StripeCatalog } from "./catalog.ts";
import {
  type CheckoutSession,
  type Customer,
  type Invoice,
  type InvoiceLine,
  type Metadata,
  type MeterEvent,
  newId,
  nowSeconds,
  type PortalSession,
  type Price,
  type Subscription,
} from "./objects.ts";

export type StripeErrorType = "invalid_request_error" | "idempotency_error" | "api_error" | "card_error";

export class StripeError extends Error {
  readonly status: number;
  readonly type: StripeErrorType;
  readonly code: string | undefined;
  readonly param: string | undefined;

  constructor(status: number, type: StripeErrorType, message: string, code?: string, param?: string) {
    super(message);
    this.status = status;
    this.type = type;
    this.code = code;
    this.param = param;
  }
}

export const missing = (kind: string, id: string, param = "id") =>
  new StripeError(404, "invalid_request_error", `No such ${kind}: '${id}'`, "resource_missing", param);

const MONTH_SECONDS = 30 * 24 * 3600;

/** One month after `from` (UTC calendar month), in seconds. */
function addMonth(from: number): number {
  const date = new Date(from * 1000);
  date.setUTCMonth(date.getUTCMonth() + 1);
  return Math.floor(date.getTime() / 1000);
}

export type Emit = (type: string, object: unknown, previous?: Record<string, unknown>) => void;

export class StandInLedger {
  readonly customers = new Map<string, Customer>();
  readonly sessions = new Map<string, CheckoutSession>();
  readonly portalSessions = new Map<string, PortalSession>();
  readonly subscriptions = new Map<string, Subscription>();
  readonly invoices = new Map<string, Invoice>();
  readonly meterEvents = new Map<string, MeterEvent>();
  /** Subscriptions whose next payment attempt is declined (tests and demos). */
  readonly failingPayments = new Set<string>();
  /** Downgrades chosen in the portal, applied when the period ends (as Stripe's portal schedules them). */
  readonly scheduledPrices = new Map<string, string[]>();
  readonly prices: Map<string, Price>;
  private invoiceCount = 0;

  readonly catalog: StripeCatalog;
  readonly baseUrl: () => string;
  private readonly emit: Emit;

  constructor(catalog: StripeCatalog, baseUrl: () => string, emit: Emit) {
    this.catalog = catalog;
    this.baseUrl = baseUrl;
    this.emit = emit;
    this.prices = new Map(
      catalog.prices.map((price) => [
        price.id,
        {
          id: price.id,
          object: "price",
          active: true,
          currency: "usd",
          product: price.product,
          nickname: price.nickname,
          type: "recurring",
          billing_scheme: "per_unit",
          unit_amount: price.unitAmount,
          unit_amount_decimal:
            price.unitAmountDecimal ?? (price.unitAmount === null ? null : String(price.unitAmount)),
          recurring: {
            interval: "month",
            interval_count: 1,
            usage_type: price.usageType,
            meter: price.usageType === "metered" ? catalog.meter.id : null,
          },
          livemode: false,
        },
      ]),
    );
  }

  price(id: string, param = "price"): Price {
    const price = this.prices.get(id);
    if (!price) throw missing("price", id, param);
    return price;
  }

  customer(id: string, param = "customer"): Customer {
    const customer = this.customers.get(id);
    if (!customer) throw missing("customer", id, param);
    return customer;
  }

  subscription(id: string): Subscription {
    const subscription = this.subscriptions.get(id);
    if (!subscription) throw missing("subscription", id);
    return subscription;
  }

  createCustomer(fields: { email?: string; name?: string; metadata?: Metadata }): Customer {
    const customer: Customer = {
      id: newId("cus"),
      object: "customer",
      created: nowSeconds(),
      email: fields.email ?? null,
      name: fields.name ?? null,
      metadata: fields.metadata ?? {},
      livemode: false,
    };
    this.customers.set(customer.id, customer);
    this.emit("customer.created", customer);
    return customer;
  }

  /** The user paid on the hosted checkout page: subscription, first invoice, events. */
  completeCheckout(sessionId: string): CheckoutSession {
    const session = this.sessions.get(sessionId);
    if (!session) throw missing("checkout.session", sessionId);
    if (session.status !== "open") return session;
    const customerId = session.customer ?? this.createCustomer({}).id;
    const now = nowSeconds();
    const periodEnd = session.billing_cycle_anchor ?? addMonth(now);
    const subscription: Subscription = {
      id: newId("sub"),
      object: "subscription",
      customer: customerId,
      status: "active",
      created: now,
      start_date: now,
      billing_cycle_anchor: periodEnd,
      cancel_at_period_end: false,
      cancel_at: null,
      canceled_at: null,
      ended_at: null,
      latest_invoice: null,
      metadata: session.subscription_metadata ?? {},
      items: { object: "list", data: [], has_more: false, url: "" },
      livemode: false,
    };
    subscription.items = {
      object: "list",
      data: (session.line_items_prices ?? []).map((priceId) => ({
        id: newId("si"),
        object: "subscription_item" as const,
        price: this.price(priceId),
        ...(this.price(priceId).recurring.usage_type === "licensed" ? { quantity: 1 } : {}),
        current_period_start: now,
        current_period_end: periodEnd,
      })),
      has_more: false,
      url: `/v1/subscription_items?subscription=${subscription.id}`,
    };
    this.subscriptions.set(subscription.id, subscription);
    const invoice = this.invoice(subscription, now, now, "subscription_create", 0);
    invoice.status = "paid";
    invoice.amount_paid = invoice.amount_due;
    invoice.amount_remaining = 0;
    subscription.latest_invoice = invoice.id;
    Object.assign(session, {
      status: "complete",
      payment_status: "paid",
      customer: customerId,
      subscription: subscription.id,
      url: null,
    });
    this.emit("customer.subscription.created", subscription);
    this.emit("checkout.session.completed", session);
    this.emit("invoice.paid", invoice);
    return session;
  }

  /** The current period ends: metered usage is invoiced, the next period starts (or the subscription ends). */
  endPeriod(subscriptionId: string): Subscription {
    const subscription = this.subscription(subscriptionId);
    if (subscription.status === "canceled") return subscription;
    const item = subscription.items.data[0];
    const start = item?.current_period_start ?? subscription.start_date;
    const end = item?.current_period_end ?? start + MONTH_SECONDS;
    const usage = this.meteredUsage(subscription.customer, start, end);
    if (subscription.cancel_at_period_end) {
      const invoice = this.invoice(subscription, start, end, "subscription_cycle", usage, { flat: false });
      this.collect(subscription, invoice);
      return this.cancel(subscriptionId, end);
    }
    const scheduled = this.scheduledPrices.get(subscriptionId);
    const previous = { items: structuredClone(subscription.items) };
    if (scheduled) {
      this.scheduledPrices.delete(subscriptionId);
      subscription.items.data = scheduled.map((priceId) => ({
        id: newId("si"),
        object: "subscription_item" as const,
        price: this.price(priceId),
        ...(this.price(priceId).recurring.usage_type === "licensed" ? { quantity: 1 } : {}),
        current_period_start: end,
        current_period_end: addMonth(end),
      }));
    } else {
      for (const each of subscription.items.data) {
        each.current_period_start = end;
        each.current_period_end = addMonth(end);
      }
    }
    const invoice = this.invoice(subscription, start, end, "subscription_cycle", usage);
    this.emit("customer.subscription.updated", subscription, previous);
    this.collect(subscription, invoice);
    return subscription;
  }

  /** A payment attempt on a new invoice for the flat fee (used to demo a declined card). */
  failPayment(subscriptionId: string): Invoice {
    const subscription = this.subscription(subscriptionId);
    this.failingPayments.add(subscriptionId);
    const now = nowSeconds();
    const invoice = this.invoice(subscription, now, now, "manual", 0);
    this.collect(subscription, invoice);
    return invoice;
  }

  /** Ends the subscription now (Stripe does this after its retries fail, or on cancel). */
  cancel(subscriptionId: string, at = nowSeconds()): Subscription {
    const subscription = this.subscription(subscriptionId);
    if (subscription.status === "canceled") return subscription;
    const previous = { status: subscription.status };
    Object.assign(subscription, {
      status: "canceled",
      canceled_at: at,
      ended_at: at,
      cancel_at_period_end: false,
    });
    this.failingPayments.delete(subscriptionId);
    this.scheduledPrices.delete(subscriptionId);
    this.emit("customer.subscription.deleted", subscription, previous);
    return subscription;
  }

  update(
    subscriptionId: string,
    changes: { cancel_at_period_end?: boolean; prices?: string[] },
  ): Subscription {
    const subscription = this.subscription(subscriptionId);
    if (subscription.status === "canceled") {
      throw new StripeError(
        400,
        "invalid_request_error",
        "A canceled subscription can only update its cancellation_details and metadata.",
      );
    }
    const previous: Record<string, unknown> = {};
    if (changes.cancel_at_period_end !== undefined) {
      previous.cancel_at_period_end = subscription.cancel_at_period_end;
      subscription.cancel_at_period_end = changes.cancel_at_period_end;
      subscription.cancel_at = changes.cancel_at_period_end
        ? (subscription.items.data[0]?.current_period_end ?? null)
        : null;
    }
    if (changes.prices) {
      previous.items = structuredClone(subscription.items);
      const [first] = subscription.items.data;
      const now = nowSeconds();
      subscription.items.data = changes.prices.map((priceId) => ({
        id: newId("si"),
        object: "subscription_item" as const,
        price: this.price(priceId),
        ...(this.price(priceId).recurring.usage_type === "licensed" ? { quantity: 1 } : {}),
        current_period_start: first?.current_period_start ?? now,
        current_period_end: first?.current_period_end ?? addMonth(now),
      }));
    }
    this.emit("customer.subscription.updated", subscription, previous);
    return subscription;
  }

  recordMeterEvent(event: MeterEvent): MeterEvent {
    // Stripe enforces an identifier's uniqueness: a repeat is not counted again.
    const existing = this.meterEvents.get(event.identifier);
    if (existing) return existing;
    this.meterEvents.set(event.identifier, event);
    return event;
  }

  /** Sum of the meter's values for `customer` with timestamps in [start, end). */
  meteredUsage(customer: string, start: number, end: number): number {
    let total = 0;
    for (const event of this.meterEvents.values()) {
      if (event.event_name !== this.catalog.meter.eventName) continue;
      if (event.payload.stripe_customer_id !== customer) continue;
      if (event.timestamp >= start && event.timestamp < end) total += Number(event.payload.value ?? 0);
    }
    return total;
  }

  private invoice(
    subscription: Subscription,
    start: number,
    end: number,
    reason: Invoice["billing_reason"],
    meteredQuantity: number,
    options: { flat?: boolean } = {},
  ): Invoice {
    const lines: InvoiceLine[] = [];
    for (const item of subscription.items.data) {
      const { price } = item;
      const metered = price.recurring.usage_type === "metered";
      if (!metered && options.flat === false) continue;
      const quantity = metered ? meteredQuantity : 1;
      const amount = metered
        ? Math.round(quantity * Number(price.unit_amount_decimal ?? 0))
        : (price.unit_amount ?? 0);
      lines.push({
        id: newId("il"),
        object: "line_item",
        amount,
        description: `${quantity} × ${price.nickname}`,
        quantity,
        pricing: { type: "price_details", price_details: { price: price.id, product: price.product } },
        period: metered ? { start, end } : { start: end, end: item.current_period_end },
      });
    }
    const total = lines.reduce((sum, line) => sum + line.amount, 0);
    this.invoiceCount += 1;
    const id = newId("in");
    const invoice: Invoice = {
      id,
      object: "invoice",
      customer: subscription.customer,
      number: `EGLOCAL-${String(this.invoiceCount).padStart(4, "0")}`,
      status: "open",
      currency: "usd",
      amount_due: total,
      amount_paid: 0,
      amount_remaining: total,
      total,
      created: nowSeconds(),
      period_start: start,
      period_end: end,
      attempt_count: 0,
      hosted_invoice_url: `${this.baseUrl()}/invoices/${id}`,
      billing_reason: reason,
      parent: {
        type: "subscription_details",
        subscription_details: { subscription: subscription.id, metadata: subscription.metadata },
      },
      lines: { object: "list", data: lines, has_more: false, url: `/v1/invoices/${id}/lines` },
      livemode: false,
    };
    this.invoices.set(id, invoice);
    return invoice;
  }

  /** One payment attempt on `invoice`: paid, or declined (subscription past due). */
  private collect(subscription: Subscription, invoice: Invoice): void {
    subscription.latest_invoice = invoice.id;
    invoice.attempt_count += 1;
    if (this.failingPayments.has(subscription.id)) {
      this.emit("invoice.payment_failed", invoice);
      if (subscription.status !== "past_due") {
        const previous = { status: subscription.status };
        subscription.status = "past_due";
        this.emit("customer.subscription.updated", subscription, previous);
      }
      return;
    }
    Object.assign(invoice, { status: "paid", amount_paid: invoice.amount_due, amount_remaining: 0 });
    this.emit("invoice.paid", invoice);
    if (subscription.status === "past_due") {
      subscription.status = "active";
      this.emit("customer.subscription.updated", subscription, { status: "past_due" });
    }
  }

  /** The card works again: the open invoices are paid and the subscription is active. */
  recoverPayment(subscriptionId: string): Subscription {
    const subscription = this.subscription(subscriptionId);
    this.failingPayments.delete(subscriptionId);
    for (const invoice of this.invoices.values()) {
      if (invoice.parent.subscription_details.subscription === subscriptionId && invoice.status === "open") {
        this.collect(subscription, invoice);
      }
    }
    return subscription;
  }
}
