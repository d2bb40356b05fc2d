// The factories of the services the gateway's data plane never uses, in one module that
// context.ts imports on first use (`loadServiceModules()`), so a new isolate does not evaluate
// Stripe, the webhook service or analytics before its first gateway request.
export { createAnalytics } from "./analytics/index.ts";
export { createStripeClient } from "./billing/stripe.ts";
export { createWebhookService } from "./webhooks/index.ts";
