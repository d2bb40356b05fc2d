// POST /api/billing/checkout — start an upgrade: a Stripe Checkout Session (subscription mode,
// the plan's flat and metered overage prices, client_reference_id = organization) on the
// organization's Stripe customer (created on first use, then reused). Answers the hosted
// page's URL; the plan changes when Stripe's webhook confirms the subscription.
import { ApiError } from "@edgegate/shared/errors";
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { routePermission } from "../../auth/roles.ts";
import type { AppEnv } from "../../context.ts";
import { recordAudit } from "../../services/audit.ts";
import { adminSecurity, errorResponses, jsonBody, mutationErrors } from "../schemas.ts";
import {
  billingPageUrl,
  billingPeriod,
  ensureStripeCustomer,
  loadBillingOrganization,
} from "./stripe-account.ts";

const SELF_SERVE_PLANS = ["STARTER", "PRO"] as const;

export const createCheckoutBody = z
  .object({ plan: z.enum(SELF_SERVE_PLANS).openapi({ description: "The plan to subscribe to" }) })
  .strict()
  .openapi("CreateBillingCheckout");

export const createBillingCheckoutRoute = createRoute({
  method: "post",
  path: "/billing/checkout",
  operationId: "createBillingCheckout",
  tags: ["Billing"],
  summary: "Start a subscription through Stripe Checkout",
  security: adminSecurity,
  ...routePermission("billing:write"),
  request: { body: jsonBody(createCheckoutBody) },
  responses: {
    201: {
      description: "The Checkout Session: send the user to `url`",
      content: {
        "application/json": {
          schema: z.object({ url: z.string().url(), sessionId: z.string() }).openapi("BillingCheckout"),
        },
      },
    },
    ...mutationErrors,
    ...errorResponses(409, 503),
  },
});

/** A subscription in one of these states is managed in the portal, not bought again. */
const LIVE_STATUSES = new Set(["active", "trialing", "past_due", "unpaid", "incomplete"]);

export const createBillingCheckoutHandler: RouteHandler<typeof createBillingCheckoutRoute, AppEnv> = async (
  c,
) => {
  const { plan } = c.req.valid("json");
  const { org, subscription } = await loadBillingOrganization(c);
  if (subscription && LIVE_STATUSES.has(subscription.status)) {
    throw new ApiError(
      "CONFLICT",
      "The organization already has a subscription: change or cancel it in the billing portal (POST /api/billing/portal).",
    );
  }
  const customerId = await ensureStripeCustomer(c, org);
  const session = await c.var.services.stripe.createCheckoutSession({
    organizationId: org.id,
    customerId,
    plan,
    successUrl: billingPageUrl(c, "?checkout=success"),
    cancelUrl: billingPageUrl(c, "?checkout=canceled"),
    // The first period ends with the UTC month, like the quota: later periods are whole months.
    billingCycleAnchor: Math.floor(billingPeriod().end.getTime() / 1000),
    // A retry of this request (by the SDK, on a dropped connection) gets the same session.
    idempotencyKey: `checkout:${org.id}:${c.var.requestId}`,
  });
  if (!session.url) throw new Error("Stripe returned a Checkout Session without a URL");
  await recordAudit(c, {
    action: "billing.checkout_start",
    targetType: "organization",
    targetId: org.id,
    after: { plan, checkoutSessionId: session.id },
  });
  return c.json({ url: session.url, sessionId: session.id }, 201);
};
