// The local Stripe stand-in. Unlike the Neon and Upstash endpoints, which front a real Postgres and
// Redis, this one REPLACES a service: Stripe has no local equivalent, so this HTTP server speaks
// the part of Stripe's API the platform calls, to the official `stripe` SDK (its host/port/protocol
// options). It is for development and tests only; the Worker refuses a non-local STRIPE_API_BASE
// and any STRIPE_API_BASE in production.
//
// What it honours, as Stripe does: Bearer secret keys (sk_test_…), form-encoded bodies, Stripe's
// error envelope `{ error: { type, message, code?, param? } }`, idempotency keys (same key + same
// request → the stored response with `Idempotent-Replayed: true`; same key + different request →
// 400 idempotency_error), and events signed with the webhook secret (`Stripe-Signature:
// t=…,v1=<HMAC-SHA256 of "t.payload">`) POSTed to the webhook URL in the order Stripe sends them.
// Hosted pages: /checkout/<id> and /portal/<id>. Control routes under /_standin/ let tests and
// demos end a period, decline a payment, cancel, and take the API down.
import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import qs from "qs";
import { readBoundedBody } from "../http-body.ts";
import { listen } from "../ports.ts";
import type { StripeCatalog } from "./catalog.ts";
import { missing, StandInLedger, StripeError } from "./ledger.ts";
import {
  API_VERSION,
  type CheckoutSession,
  list,
  type Metadata,
  type MeterEvent,
  newId,
  nowSeconds,
  type PortalSession,
  publicSession,
  type StripeEvent,
} from "./objects.ts";
import { checkoutPage, invoicePage, portalPage } from "./pages.ts";

export interface StripeStandInOptions {
  catalog: StripeCatalog;
  /** Signs every event; the Worker's STRIPE_WEBHOOK_SECRET. */
  webhookSecret: string;
  /** Where events are POSTed (the Worker's /api/billing/stripe/webhook); unset: only recorded. */
  webhookUrl?: string;
  port?: number;
  host?: string;
}

export interface Delivery {
  seq: number;
  eventId: string;
  type: string;
  /** The exact bytes sent, and the Stripe-Signature header that signs them. */
  payload: string;
  signature: string;
  status: number | null;
  error: string | null;
}

export interface StripeStandIn {
  url: string;
  port: number;
  ledger: StandInLedger;
  deliveries: Delivery[];
  setWebhookUrl(url: string | undefined): void;
  close(): Promise<void>;
}

/** Stripe's signature scheme: HMAC-SHA256 over `${t}.${payload}` keyed by the whole `whsec_…` secret. */
export function signStripePayload(payload: string, secret: string, timestamp = nowSeconds()): string {
  const v1 = createHmac("sha256", secret).update(`${timestamp}.${payload}`, "utf8").digest("hex");
  return `t=${timestamp},v1=${v1}`;
}

type Params = Record<string, unknown>;

interface Call {
  method: string;
  path: string[];
  params: Params;
}

const MAX_BODY_BYTES = 256 * 1024;

const readBody = (req: IncomingMessage) =>
  readBoundedBody(
    req,
    MAX_BODY_BYTES,
    () => new StripeError(413, "invalid_request_error", "Request body too large."),
  );

const str = (params: Params, name: string): string | undefined => {
  const value = params[name];
  if (value === undefined || value === "") return undefined;
  if (typeof value !== "string") throw invalid(name, `Invalid string: ${JSON.stringify(value)}`);
  return value;
};
const required = (params: Params, name: string): string => {
  const value = str(params, name);
  if (value === undefined) throw invalid(name, `Missing required param: ${name}.`);
  return value;
};
const int = (params: Params, name: string): number | undefined => {
  const value = str(params, name);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw invalid(name, `Invalid integer: ${value}`);
  return Number(value);
};
const bool = (params: Params, name: string): boolean | undefined => {
  const value = str(params, name);
  if (value === undefined) return undefined;
  if (value !== "true" && value !== "false") throw invalid(name, `Invalid boolean: ${value}`);
  return value === "true";
};
const metadata = (value: unknown): Metadata => {
  if (value === undefined || value === "") return {};
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw invalid("metadata", "Invalid hash");
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
};
const invalid = (param: string, message: string) =>
  new StripeError(400, "invalid_request_error", message, "parameter_invalid", param);

export async function startStripeStandIn(options: StripeStandInOptions): Promise<StripeStandIn> {
  let baseUrl = "";
  let webhookUrl = options.webhookUrl;
  const deliveries: Delivery[] = [];
  const events: StripeEvent[] = [];
  /** Secret keys whose API calls currently fail as if Stripe were down (per key, so tests can share a stand-in). */
  const downKeys = new Set<string>();
  /** (secret key, idempotency key) → the first request and its response. */
  const idempotency = new Map<string, { request: string; status: number; body: string }>();
  let sending: Promise<void> = Promise.resolve();

  const emit = (type: string, object: unknown, previous?: Record<string, unknown>) => {
    const event: StripeEvent = {
      id: newId("evt"),
      object: "event",
      api_version: API_VERSION,
      created: nowSeconds(),
      type,
      // A snapshot: later changes to the object must not alter what this event said.
      data: { object: structuredClone(object), ...(previous ? { previous_attributes: previous } : {}) },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
    };
    events.push(event);
    const payload = JSON.stringify(event, null, 2);
    const delivery: Delivery = {
      seq: deliveries.length + 1,
      eventId: event.id,
      type,
      payload,
      signature: signStripePayload(payload, options.webhookSecret),
      status: null,
      error: null,
    };
    deliveries.push(delivery);
    const target = webhookUrl;
    if (!target) return;
    // One at a time, in the order emitted, as Stripe mostly (not always) does.
    sending = sending.then(async () => {
      try {
        const response = await fetch(target, {
          method: "POST",
          headers: {
            "content-type": "application/json; charset=utf-8",
            "stripe-signature": delivery.signature,
            "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
          },
          body: payload,
          signal: AbortSignal.timeout(10_000),
        });
        delivery.status = response.status;
        await response.arrayBuffer();
      } catch (error) {
        delivery.error = String(error);
      }
    });
  };

  const ledger = new StandInLedger(options.catalog, () => baseUrl, emit);

  function api(call: Call): unknown {
    const { method, path, params } = call;
    // Namespaced resources (checkout/sessions, billing/meters, …) have a two-segment name.
    const namespaced = ["checkout", "billing_portal", "billing"].includes(path[0] ?? "");
    const [resource, id, sub] = namespaced ? [`${path[0]}/${path[1]}`, ...path.slice(2)] : path;
    const key = `${method} ${resource}${id ? "/:id" : ""}${sub ? `/${sub}` : ""}`;
    switch (key) {
      case "POST customers":
        return ledger.createCustomer({
          email: str(params, "email"),
          name: str(params, "name"),
          metadata: metadata(params.metadata),
        });
      case "GET customers/:id":
        return ledger.customer(id as string, "id");
      case "GET prices/:id":
        return ledger.price(id as string, "id");
      case "GET products/:id": {
        const product = ledger.catalog.products.find((p) => p.id === id);
        if (!product) throw missing("product", id as string);
        return { id: product.id, object: "product", name: product.name, active: true, livemode: false };
      }
      case "POST checkout/sessions":
        return publicSession(createCheckoutSession(params));
      case "GET checkout/sessions/:id": {
        const session = ledger.sessions.get(id as string);
        if (!session) throw missing("checkout.session", id as string);
        return publicSession(session);
      }
      case "POST billing_portal/sessions": {
        const customer = ledger.customer(required(params, "customer"));
        const portal: PortalSession = {
          id: newId("bps"),
          object: "billing_portal.session",
          customer: customer.id,
          return_url: str(params, "return_url") ?? null,
          url: "",
          created: nowSeconds(),
          livemode: false,
        };
        portal.url = `${baseUrl}/portal/${portal.id}`;
        ledger.portalSessions.set(portal.id, portal);
        return portal;
      }
      case "GET subscriptions/:id":
        return ledger.subscription(id as string);
      case "POST subscriptions/:id":
        return ledger.update(id as string, { cancel_at_period_end: bool(params, "cancel_at_period_end") });
      case "DELETE subscriptions/:id":
        return ledger.cancel(id as string);
      case "GET invoices": {
        const customer = str(params, "customer");
        const subscription = str(params, "subscription");
        const limit = Math.min(int(params, "limit") ?? 10, 100);
        const after = str(params, "starting_after");
        let all = [...ledger.invoices.values()]
          .filter((invoice) => !customer || invoice.customer === customer)
          .filter(
            (invoice) => !subscription || invoice.parent.subscription_details.subscription === subscription,
          )
          .sort((a, b) => b.created - a.created || b.number.localeCompare(a.number));
        if (after) all = all.slice(all.findIndex((invoice) => invoice.id === after) + 1);
        return list(all.slice(0, limit), "/v1/invoices", all.length > limit);
      }
      case "GET invoices/:id": {
        const invoice = ledger.invoices.get(id as string);
        if (!invoice) throw missing("invoice", id as string);
        return invoice;
      }
      case "POST billing/meter_events":
        return createMeterEvent(params);
      case "GET billing/meters/:id":
        if (id !== ledger.catalog.meter.id) throw missing("billing.meter", id as string);
        return {
          id,
          object: "billing.meter",
          event_name: ledger.catalog.meter.eventName,
          display_name: ledger.catalog.meter.displayName,
          status: "active",
          default_aggregation: { formula: "sum" },
          customer_mapping: { type: "by_id", event_payload_key: "stripe_customer_id" },
          value_settings: { event_payload_key: "value" },
          livemode: false,
        };
      case "GET billing/meters/:id/event_summaries":
        return meterEventSummaries(id as string, params);
      case "GET events/:id": {
        const event = events.find((e) => e.id === id);
        if (!event) throw missing("event", id as string);
        return event;
      }
      case "GET events": {
        const type = str(params, "type");
        const limit = Math.min(int(params, "limit") ?? 10, 100);
        const matching = events.filter((e) => !type || e.type === type).reverse();
        return list(matching.slice(0, limit), "/v1/events", matching.length > limit);
      }
      default:
        throw new StripeError(
          404,
          "invalid_request_error",
          `Unrecognized request URL (${method}: /v1/${path.join("/")}).`,
        );
    }
  }

  function createCheckoutSession(params: Params): CheckoutSession {
    if (required(params, "mode") !== "subscription") {
      throw invalid("mode", "This stand-in supports mode=subscription only.");
    }
    const successUrl = required(params, "success_url");
    const items = params.line_items;
    if (!Array.isArray(items) || items.length === 0)
      throw invalid("line_items", "Missing required param: line_items.");
    const prices = items.map((item, index) => {
      const price = typeof item === "object" && item ? (item as Params).price : undefined;
      if (typeof price !== "string") throw invalid(`line_items[${index}][price]`, "Missing required param.");
      return ledger.price(price, `line_items[${index}][price]`).id;
    });
    const customer = str(params, "customer");
    if (customer) ledger.customer(customer);
    const subscriptionData = (params.subscription_data ?? {}) as Params;
    const session: CheckoutSession = {
      id: newId("cs_test"),
      object: "checkout.session",
      mode: "subscription",
      status: "open",
      payment_status: "unpaid",
      customer: customer ?? null,
      client_reference_id: str(params, "client_reference_id") ?? null,
      subscription: null,
      success_url: successUrl,
      cancel_url: str(params, "cancel_url") ?? null,
      url: null,
      metadata: metadata(params.metadata),
      created: nowSeconds(),
      expires_at: nowSeconds() + 24 * 3600,
      livemode: false,
      line_items_prices: prices,
      subscription_metadata: metadata(subscriptionData.metadata),
      billing_cycle_anchor: int(subscriptionData, "billing_cycle_anchor") ?? null,
    };
    session.url = `${baseUrl}/checkout/${session.id}`;
    ledger.sessions.set(session.id, session);
    return session;
  }

  function createMeterEvent(params: Params): MeterEvent {
    const eventName = required(params, "event_name");
    if (eventName !== ledger.catalog.meter.eventName) {
      throw invalid("event_name", `No active meter found for event_name '${eventName}'.`);
    }
    const payload = (params.payload ?? {}) as Params;
    const customer = required(payload, "stripe_customer_id");
    const value = required(payload, "value");
    if (!/^\d+$/.test(value)) throw invalid("payload[value]", "The value must be a whole number.");
    const now = nowSeconds();
    const timestamp = int(params, "timestamp") ?? now;
    if (timestamp < now - 35 * 24 * 3600 || timestamp > now + 300) {
      throw invalid(
        "timestamp",
        "Timestamp must be within the past 35 days and not more than 5 minutes in the future.",
      );
    }
    return ledger.recordMeterEvent({
      object: "billing.meter_event",
      event_name: eventName,
      identifier: str(params, "identifier") ?? newId("mev"),
      payload: { stripe_customer_id: customer, value },
      timestamp,
      created: now,
      livemode: false,
    });
  }

  function meterEventSummaries(meterId: string, params: Params) {
    if (meterId !== ledger.catalog.meter.id) throw missing("billing.meter", meterId);
    const customer = required(params, "customer");
    const start = int(params, "start_time");
    const end = int(params, "end_time");
    if (start === undefined) throw invalid("start_time", "Missing required param: start_time.");
    if (end === undefined) throw invalid("end_time", "Missing required param: end_time.");
    const window = str(params, "value_grouping_window");
    const step = window === "hour" ? 3600 : window === "day" ? 86_400 : end - start;
    if (window && (start % step !== 0 || end % step !== 0)) {
      throw invalid("start_time", `start_time and end_time must align with the ${window} grouping window.`);
    }
    const summaries = [];
    for (let from = start; from < end; from += step) {
      const to = Math.min(from + step, end);
      summaries.push({
        id: `mtrusg_${meterId}_${customer}_${from}`,
        object: "billing.meter_event_summary",
        aggregated_value: ledger.meteredUsage(customer, from, to),
        start_time: from,
        end_time: to,
        meter: meterId,
        livemode: false,
      });
    }
    const limit = Math.min(int(params, "limit") ?? 10, 100);
    return list(
      summaries.slice(0, limit),
      `/v1/billing/meters/${meterId}/event_summaries`,
      summaries.length > limit,
    );
  }

  function control(method: string, path: string[], body: Params): unknown {
    const [what, id, action] = path;
    if (what === "deliveries" && method === "GET") return deliveries;
    if (what === "outage" && method === "POST") {
      const secretKey = required(body, "secret_key");
      if (body.down === "true") downKeys.add(secretKey);
      else downKeys.delete(secretKey);
      return { down: downKeys.has(secretKey) };
    }
    if (what === "subscriptions" && id && method === "POST") {
      switch (action) {
        case "end_period":
          return ledger.endPeriod(id);
        case "fail_payment":
          return ledger.failPayment(id);
        case "recover_payment":
          return ledger.recoverPayment(id);
        case "cancel":
          return ledger.cancel(id);
      }
    }
    if (what === "checkout" && id && action === "complete" && method === "POST") {
      return publicSession(ledger.completeCheckout(id));
    }
    throw new StripeError(404, "invalid_request_error", "Unknown stand-in control route.");
  }

  function portalAction(portal: PortalSession, form: Params): void {
    const subscription = ledger.subscription(required(form, "subscription"));
    if (subscription.customer !== portal.customer) throw missing("subscription", subscription.id);
    const action = required(form, "action");
    if (action === "cancel") ledger.update(subscription.id, { cancel_at_period_end: true });
    else if (action === "resume") ledger.update(subscription.id, { cancel_at_period_end: false });
    else if (action === "switch") {
      const flat = ledger.price(required(form, "price"));
      const prices = [...ledger.prices.values()].filter((p) => p.product === flat.product).map((p) => p.id);
      const current = subscription.items.data.find((item) => item.price.recurring.usage_type === "licensed");
      // Upgrades apply now; downgrades at the end of the period (the portal's usual configuration).
      if ((flat.unit_amount ?? 0) >= (current?.price.unit_amount ?? 0))
        ledger.update(subscription.id, { prices });
      else ledger.scheduledPrices.set(subscription.id, prices);
    } else throw invalid("action", `Unknown action ${action}`);
  }

  const send = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": "application/json", "stripe-version": API_VERSION, ...headers });
    res.end(body);
  };
  const html = (res: ServerResponse, body: string) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(body);
  };
  const redirect = (res: ServerResponse, location: string) => {
    res.writeHead(303, { location });
    res.end();
  };
  const errorBody = (error: StripeError) =>
    JSON.stringify({
      error: {
        type: error.type,
        message: error.message,
        ...(error.code ? { code: error.code } : {}),
        ...(error.param ? { param: error.param } : {}),
      },
    });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://stand-in");
    const method = req.method ?? "GET";
    const segments = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
    const raw = await readBody(req);
    const form = qs.parse(raw, { depth: 5, arrayLimit: 100 }) as Params;

    if (segments[0] === "checkout" && segments[1]) {
      const session = ledger.sessions.get(segments[1]);
      if (!session) throw missing("checkout.session", segments[1]);
      if (method === "GET" && segments.length === 2) return html(res, checkoutPage(ledger, session));
      if (method === "POST" && segments[2] === "pay") {
        const completed = ledger.completeCheckout(session.id);
        return redirect(res, completed.success_url.replace("{CHECKOUT_SESSION_ID}", completed.id));
      }
    }
    if (segments[0] === "portal" && segments[1]) {
      const portal = ledger.portalSessions.get(segments[1]);
      if (!portal) throw missing("billing_portal.session", segments[1]);
      if (method === "GET" && segments.length === 2) return html(res, portalPage(ledger, portal));
      if (method === "POST" && segments[2] === "action") {
        portalAction(portal, form);
        return redirect(res, `/portal/${portal.id}`);
      }
    }
    if (segments[0] === "invoices" && segments[1] && method === "GET") {
      const invoice = ledger.invoices.get(segments[1]);
      if (!invoice) throw missing("invoice", segments[1]);
      return html(res, invoicePage(invoice));
    }
    if (segments[0] === "_standin") {
      return send(res, 200, JSON.stringify(control(method, segments.slice(1), form)));
    }
    if (segments[0] !== "v1") throw new StripeError(404, "invalid_request_error", "Not found.");

    const secretKey = /^Bearer (sk_test_\S+)$/.exec(req.headers.authorization ?? "")?.[1];
    if (!secretKey) {
      throw new StripeError(
        401,
        "invalid_request_error",
        "Invalid API Key provided. Use a test secret key (sk_test_…).",
      );
    }
    if (downKeys.has(secretKey)) {
      throw new StripeError(503, "api_error", "The stand-in is simulating a Stripe outage.");
    }
    const params = method === "GET" ? (qs.parse(url.search.slice(1), { depth: 5 }) as Params) : form;
    const idempotencyKey = req.headers["idempotency-key"];
    const call: Call = { method, path: segments.slice(1), params };
    if (typeof idempotencyKey !== "string" || method === "GET") {
      return send(res, 200, JSON.stringify(api(call)));
    }
    const slot = `${secretKey} ${idempotencyKey}`;
    const request = `${method} ${url.pathname} ${raw}`;
    const previous = idempotency.get(slot);
    if (previous) {
      if (previous.request !== request) {
        throw new StripeError(
          400,
          "idempotency_error",
          `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
        );
      }
      return send(res, previous.status, previous.body, {
        "idempotent-replayed": "true",
        "idempotency-key": idempotencyKey,
      });
    }
    let status = 200;
    let body: string;
    try {
      body = JSON.stringify(api(call));
    } catch (error) {
      if (!(error instanceof StripeError)) throw error;
      status = error.status;
      body = errorBody(error);
    }
    // Like Stripe: a result is saved once the request began executing, errors included (not 5xx).
    if (status < 500) idempotency.set(slot, { request, status, body });
    return send(res, status, body, { "idempotency-key": idempotencyKey });
  }

  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof StripeError) return send(res, error.status, errorBody(error));
      send(res, 500, errorBody(new StripeError(500, "api_error", String(error))));
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  const { port, urlHost } = await listen(server, options.port ?? 0, options.host ?? "127.0.0.1");
  baseUrl = `http://${urlHost}:${port}`;
  return {
    url: baseUrl,
    port,
    ledger,
    deliveries,
    setWebhookUrl(next) {
      webhookUrl = next;
    },
    close: async () => {
      await sending;
      await new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      });
    },
  };
}
