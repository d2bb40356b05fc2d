// The Stripe objects the stand-in keeps, in the shapes of Stripe's API (version 2026-10-28, the
// one the pinned SDK speaks: subscription periods live on the subscription items, an invoice
// names its subscription under `parent.subscription_details`). Only the fields the platform
// reads, plus the identifying ones every Stripe object has.
import { randomBytes } from "node:crypto";

export const API_VERSION = "2026-10-28.endive";

export const newId = (prefix: string) =>
  `${prefix}_${randomBytes(12).toString("base64url").replace(/[-_]/g, "")}`;
export const nowSeconds = () => Math.floor(Date.now() / 1000);

export type Metadata = Record<string, string>;

export interface Customer {
  id: string;
  object: "customer";
  created: number;
  email: string | null;
  name: string | null;
  metadata: Metadata;
  livemode: false;
}

export interface Price {
  id: string;
  object: "price";
  active: true;
  currency: "usd";
  product: string;
  nickname: string;
  type: "recurring";
  billing_scheme: "per_unit";
  unit_amount: number | null;
  unit_amount_decimal: string | null;
  recurring: {
    interval: "month";
    interval_count: 1;
    usage_type: "licensed" | "metered";
    meter: string | null;
  };
  livemode: false;
}

export interface SubscriptionItem {
  id: string;
  object: "subscription_item";
  price: Price;
  quantity?: number;
  current_period_start: number;
  current_period_end: number;
}

export type SubscriptionStatus = "active" | "past_due" | "canceled" | "unpaid" | "incomplete" | "trialing";

export interface Subscription {
  id: string;
  object: "subscription";
  customer: string;
  status: SubscriptionStatus;
  created: number;
  start_date: number;
  billing_cycle_anchor: number;
  cancel_at_period_end: boolean;
  cancel_at: number | null;
  canceled_at: number | null;
  ended_at: number | null;
  latest_invoice: string | null;
  metadata: Metadata;
  items: { object: "list"; data: SubscriptionItem[]; has_more: false; url: string };
  livemode: false;
}

export interface InvoiceLine {
  id: string;
  object: "line_item";
  amount: number;
  description: string;
  quantity: number;
  pricing: { type: "price_details"; price_details: { price: string; product: string } };
  period: { start: number; end: number };
}

export interface Invoice {
  id: string;
  object: "invoice";
  customer: string;
  number: string;
  status: "draft" | "open" | "paid" | "uncollectible" | "void";
  currency: "usd";
  amount_due: number;
  amount_paid: number;
  amount_remaining: number;
  total: number;
  created: number;
  period_start: number;
  period_end: number;
  attempt_count: number;
  hosted_invoice_url: string;
  billing_reason: "subscription_create" | "subscription_cycle" | "manual";
  parent: {
    type: "subscription_details";
    subscription_details: { subscription: string; metadata: Metadata };
  };
  lines: { object: "list"; data: InvoiceLine[]; has_more: false; url: string };
  livemode: false;
}

export interface CheckoutSession {
  id: string;
  object: "checkout.session";
  mode: "subscription";
  status: "open" | "complete" | "expired";
  payment_status: "unpaid" | "paid";
  customer: string | null;
  client_reference_id: string | null;
  subscription: string | null;
  success_url: string;
  cancel_url: string | null;
  url: string | null;
  metadata: Metadata;
  created: number;
  expires_at: number;
  livemode: false;
  /** Not a Stripe field in responses: what the session will subscribe to (kept server-side). */
  line_items_prices?: string[];
  subscription_metadata?: Metadata;
  billing_cycle_anchor?: number | null;
}

export interface PortalSession {
  id: string;
  object: "billing_portal.session";
  customer: string;
  return_url: string | null;
  url: string;
  created: number;
  livemode: false;
}

export interface MeterEvent {
  object: "billing.meter_event";
  event_name: string;
  identifier: string;
  payload: Record<string, string>;
  timestamp: number;
  created: number;
  livemode: false;
}

export interface StripeEvent {
  id: string;
  object: "event";
  api_version: string;
  created: number;
  type: string;
  data: { object: unknown; previous_attributes?: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: null; idempotency_key: null };
}

export function list<T>(data: T[], url: string, hasMore = false) {
  return { object: "list" as const, data, has_more: hasMore, url };
}

/** What a checkout session looks like over the API (internal bookkeeping fields dropped). */
export function publicSession(session: CheckoutSession) {
  const { line_items_prices: _, subscription_metadata: __, billing_cycle_anchor: ___, ...rest } = session;
  return rest;
}
