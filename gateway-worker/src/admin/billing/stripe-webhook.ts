// POST /api/billing/stripe/webhook — Stripe's events. Authenticated by the `Stripe-Signature`
// header alone (HMAC of the raw body with the endpoint's secret, checked by the SDK's
// constructEventAsync with a 300 s tolerance), so it is exempt from the session and Origin rules
// of the rest of /api — and from nothing else: the body guards (64 KB, application/json, strict
// JSON) still apply. Each event id is applied once; see services/billing/stripe-events.ts.
import { ApiError } from "@edgegate/shared/errors";
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import Stripe from "stripe";
import type { AppEnv } from "../../context.ts";
import { handleStripeEvent } from "../../services/billing/stripe-events.ts";
import { errorResponses } from "../schemas.ts";

export const STRIPE_WEBHOOK_PATH = "/billing/stripe/webhook";

export const receiveStripeWebhookRoute = createRoute({
  method: "post",
  path: STRIPE_WEBHOOK_PATH,
  operationId: "receiveStripeWebhook",
  tags: ["Billing"],
  summary: "Receive a Stripe event (Stripe calls this)",
  description:
    "The endpoint to register in Stripe's dashboard. The body is the raw event JSON; `Stripe-Signature` must verify with `STRIPE_WEBHOOK_SECRET`. No session or token.",
  security: [],
  request: {
    headers: z.object({
      "stripe-signature": z.string().min(1).max(4096).openapi({ example: "t=1767225600,v1=5257a869e7…" }),
    }),
  },
  responses: {
    200: {
      description: "Accepted: applied, a duplicate of an applied event, or a type this platform ignores",
      content: {
        "application/json": {
          schema: z
            .object({ received: z.literal(true), outcome: z.enum(["applied", "duplicate", "ignored"]) })
            .openapi("StripeWebhookReceipt"),
        },
      },
    },
    ...errorResponses(400, 413, 415, 503),
  },
});

export const receiveStripeWebhookHandler: RouteHandler<typeof receiveStripeWebhookRoute, AppEnv> = async (
  c,
) => {
  const signature = c.req.valid("header")["stripe-signature"];
  const { services } = c.var;
  const rawBody = await c.req.text();
  let event: Stripe.Event;
  try {
    event = await services.stripe.constructEvent(rawBody, signature);
  } catch (error) {
    if (error instanceof Stripe.errors.StripeSignatureVerificationError || error instanceof SyntaxError) {
      throw new ApiError("BAD_REQUEST", "The Stripe-Signature header does not verify this body.", {
        fields: [{ path: "stripe-signature", message: "signature verification failed" }],
      });
    }
    throw error;
  }
  const outcome = await handleStripeEvent(services, event, c.req.raw);
  return c.json({ received: true as const, outcome }, 200);
};
