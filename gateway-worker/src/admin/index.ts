// The admin API: one operation per file, each registered here explicitly.
// Request flow: origin check (state-changing requests from another origin refused) → body
// guards (64 KB, application/json) → better-auth under /auth/* → each route's `routePermission`
// (src/auth/roles.ts: resolve the caller — session or automation token — then check the
// permission; one declaration per route, a route without one is public) → handler.
import { OpenAPIHono } from "@hono/zod-openapi";
import { createMiddleware } from "hono/factory";
import { originCheck } from "../auth/caller.ts";
import type { AppEnv } from "../context.ts";
import { validationHook } from "../validation.ts";
import { keyBreakdownHandler, keyBreakdownRoute } from "./analytics/keys.ts";
import { statusCodesHandler, statusCodesRoute } from "./analytics/status-codes.ts";
import { analyticsSummaryHandler, analyticsSummaryRoute } from "./analytics/summary.ts";
import { analyticsTimeSeriesHandler, analyticsTimeSeriesRoute } from "./analytics/timeseries.ts";
import { topConsumersHandler, topConsumersRoute } from "./analytics/top-consumers.ts";
import { topEndpointsHandler, topEndpointsRoute } from "./analytics/top-endpoints.ts";
import { createKeyHandler, createKeyRoute } from "./api-keys/create.ts";
import { deleteKeyHandler, deleteKeyRoute } from "./api-keys/delete.ts";
import { getKeyHandler, getKeyRoute } from "./api-keys/get.ts";
import { listKeysHandler, listKeysRoute } from "./api-keys/list.ts";
import { revokeKeyHandler, revokeKeyRoute } from "./api-keys/revoke.ts";
import { rotateKeyHandler, rotateKeyRoute } from "./api-keys/rotate.ts";
import { updateKeyHandler, updateKeyRoute } from "./api-keys/update.ts";
import { listAuditLogsHandler, listAuditLogsRoute } from "./audit/list.ts";
import { withAuthPaths } from "./auth-openapi.ts";
import { authHandler } from "./auth-routes.ts";
import { createTokenHandler, createTokenRoute } from "./automation-tokens/create.ts";
import { listTokensHandler, listTokensRoute } from "./automation-tokens/list.ts";
import { revokeTokenHandler, revokeTokenRoute } from "./automation-tokens/revoke.ts";
import { createBillingCheckoutHandler, createBillingCheckoutRoute } from "./billing/checkout.ts";
import { getBillingUsageHandler, getBillingUsageRoute } from "./billing/daily-usage.ts";
import { listBillingInvoicesHandler, listBillingInvoicesRoute } from "./billing/invoices.ts";
import { getOveragePolicyHandler, getOveragePolicyRoute } from "./billing/overage-policy.ts";
import { getBillingOverviewHandler, getBillingOverviewRoute } from "./billing/overview.ts";
import { createBillingPortalHandler, createBillingPortalRoute } from "./billing/portal.ts";
import {
  receiveStripeWebhookHandler,
  receiveStripeWebhookRoute,
  STRIPE_WEBHOOK_PATH,
} from "./billing/stripe-webhook.ts";
import { updateOveragePolicyHandler, updateOveragePolicyRoute } from "./billing/update-overage-policy.ts";
import { healthHandler, healthRoute } from "./health.ts";
import { bodyGuards, queryGuard } from "./input-guards.ts";
import { exportLogsHandler, exportLogsRoute } from "./logs/export.ts";
import { getLogHandler, getLogRoute } from "./logs/get.ts";
import { listLogsHandler, listLogsRoute } from "./logs/list.ts";
import { registerOperatorRoutes } from "./operator/index.ts";
import { getOrganizationHandler, getOrganizationRoute } from "./organization/get.ts";
import { updateOrganizationHandler, updateOrganizationRoute } from "./organization/update.ts";
import { openApiWebhooks } from "./webhooks/catalog.ts";
import { createEndpointHandler, createEndpointRoute } from "./webhooks/create.ts";
import { deleteEndpointHandler, deleteEndpointRoute } from "./webhooks/delete.ts";
import { getDeliveryHandler, getDeliveryRoute } from "./webhooks/deliveries/get.ts";
import { listDeliveriesHandler, listDeliveriesRoute } from "./webhooks/deliveries/list.ts";
import { replayDeliveryHandler, replayDeliveryRoute } from "./webhooks/deliveries/replay.ts";
import { disableEndpointHandler, disableEndpointRoute } from "./webhooks/disable.ts";
import { enableEndpointHandler, enableEndpointRoute } from "./webhooks/enable.ts";
import { eventTypesHandler, eventTypesRoute } from "./webhooks/event-types.ts";
import { getEndpointHandler, getEndpointRoute } from "./webhooks/get.ts";
import { listEndpointsHandler, listEndpointsRoute } from "./webhooks/list.ts";
import { recoverHandler, recoverRoute } from "./webhooks/recover.ts";
import { revealSecretHandler, revealSecretRoute } from "./webhooks/reveal-secret.ts";
import { rotateSecretHandler, rotateSecretRoute } from "./webhooks/rotate-secret.ts";
import { testEventHandler, testEventRoute } from "./webhooks/test-event.ts";
import { updateEndpointHandler, updateEndpointRoute } from "./webhooks/update.ts";

/** The document's top level; the paths and schemas come from the registered routes. */
export const OPENAPI_CONFIG = {
  openapi: "3.1.0",
  info: {
    title: "Edgegate admin API",
    version: "1.0.0",
    // The package is private: no licence is granted (the lead may name another).
    license: { name: "Proprietary", identifier: "LicenseRef-Proprietary" },
    description:
      "Manage API keys, automation tokens, the organization and its audit log; read analytics and request logs; configure webhooks (their event payloads are under `webhooks`); billing (plan, Stripe checkout and portal, invoices). Errors use one envelope: `{ error: { code, message, requestId, docs, fields? } }`.",
  },
  servers: [{ url: "/api" }],
};

/** The OpenAPI 3.1 document, as served at /api/openapi.json (also written to a file for the docs site). */
export function buildOpenApiDocument() {
  const document = createAdminApp().getOpenAPI31Document(OPENAPI_CONFIG);
  return withAuthPaths({ ...document, webhooks: openApiWebhooks() });
}

// Built on first request, then kept for the isolate's life: it depends only on this code.
let openApiDocument: Awaited<ReturnType<typeof buildOpenApiDocument>> | undefined;

/** Stripe signs its webhook; it carries no session and no Origin, so only the origin rule skips it. */
const originCheckExceptStripe = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.method === "POST" && c.req.path === `/api${STRIPE_WEBHOOK_PATH}`) return next();
  return originCheck(c, next);
});

/**
 * Webhook events written while handling the request (their transactions have committed by now)
 * go to the queue after the response; the cron sweep catches any this misses.
 */
const dispatchEventsAfterResponse = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  const { services } = c.var;
  const eventIds = services.outbox.drain();
  if (eventIds.length === 0) return;
  c.executionCtx.waitUntil(
    services.webhooks.dispatch(eventIds).then(
      () => undefined,
      (error: unknown) =>
        console.error(JSON.stringify({ event: "webhook_dispatch_failed", error: String(error) })),
    ),
  );
});

export function createAdminApp() {
  const admin = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  admin.use("*", dispatchEventsAfterResponse);
  admin.use("*", originCheckExceptStripe);
  admin.use("*", ...bodyGuards, queryGuard);
  admin.on(["GET", "POST"], "/auth/*", authHandler);

  admin.openapi(healthRoute, healthHandler);
  admin.openapi(listKeysRoute, listKeysHandler);
  admin.openapi(createKeyRoute, createKeyHandler);
  admin.openapi(getKeyRoute, getKeyHandler);
  admin.openapi(updateKeyRoute, updateKeyHandler);
  admin.openapi(rotateKeyRoute, rotateKeyHandler);
  admin.openapi(revokeKeyRoute, revokeKeyHandler);
  admin.openapi(deleteKeyRoute, deleteKeyHandler);
  admin.openapi(listAuditLogsRoute, listAuditLogsHandler);
  admin.openapi(listTokensRoute, listTokensHandler);
  admin.openapi(createTokenRoute, createTokenHandler);
  admin.openapi(revokeTokenRoute, revokeTokenHandler);
  admin.openapi(getOrganizationRoute, getOrganizationHandler);
  admin.openapi(updateOrganizationRoute, updateOrganizationHandler);
  admin.openapi(analyticsSummaryRoute, analyticsSummaryHandler);
  admin.openapi(analyticsTimeSeriesRoute, analyticsTimeSeriesHandler);
  admin.openapi(topEndpointsRoute, topEndpointsHandler);
  admin.openapi(statusCodesRoute, statusCodesHandler);
  admin.openapi(keyBreakdownRoute, keyBreakdownHandler);
  admin.openapi(topConsumersRoute, topConsumersHandler);
  admin.openapi(listLogsRoute, listLogsHandler);
  // Before /logs/{requestId}, which would otherwise match "export".
  admin.openapi(exportLogsRoute, exportLogsHandler);
  admin.openapi(getLogRoute, getLogHandler);
  admin.openapi(eventTypesRoute, eventTypesHandler);
  admin.openapi(listEndpointsRoute, listEndpointsHandler);
  admin.openapi(createEndpointRoute, createEndpointHandler);
  admin.openapi(getEndpointRoute, getEndpointHandler);
  admin.openapi(updateEndpointRoute, updateEndpointHandler);
  admin.openapi(deleteEndpointRoute, deleteEndpointHandler);
  admin.openapi(enableEndpointRoute, enableEndpointHandler);
  admin.openapi(disableEndpointRoute, disableEndpointHandler);
  admin.openapi(revealSecretRoute, revealSecretHandler);
  admin.openapi(rotateSecretRoute, rotateSecretHandler);
  admin.openapi(testEventRoute, testEventHandler);
  admin.openapi(recoverRoute, recoverHandler);
  admin.openapi(listDeliveriesRoute, listDeliveriesHandler);
  admin.openapi(getDeliveryRoute, getDeliveryHandler);
  admin.openapi(replayDeliveryRoute, replayDeliveryHandler);
  admin.openapi(getBillingOverviewRoute, getBillingOverviewHandler);
  admin.openapi(createBillingCheckoutRoute, createBillingCheckoutHandler);
  admin.openapi(createBillingPortalRoute, createBillingPortalHandler);
  admin.openapi(listBillingInvoicesRoute, listBillingInvoicesHandler);
  admin.openapi(getOveragePolicyRoute, getOveragePolicyHandler);
  admin.openapi(updateOveragePolicyRoute, updateOveragePolicyHandler);
  admin.openapi(getBillingUsageRoute, getBillingUsageHandler);
  admin.openapi(receiveStripeWebhookRoute, receiveStripeWebhookHandler);
  // The operator console (/api/operator/*), listed in its own file.
  registerOperatorRoutes(admin);

  admin.openAPIRegistry.registerComponent("securitySchemes", "sessionCookie", {
    type: "apiKey",
    in: "cookie",
    name: "__Secure-better-auth.session_token",
    description: "The HttpOnly session cookie set by POST /api/auth/sign-in/email",
  });
  admin.openAPIRegistry.registerComponent("securitySchemes", "automationToken", {
    type: "http",
    scheme: "bearer",
    description: "An automation token (egt_…) from POST /api/automation-tokens",
  });
  admin.get("/openapi.json", async (c) => {
    openApiDocument ??= await buildOpenApiDocument();
    return c.json(openApiDocument);
  });
  return admin;
}
