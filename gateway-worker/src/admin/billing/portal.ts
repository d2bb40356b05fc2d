// POST /api/billing/portal — a Stripe Billing Portal session for the organization's customer:
// payment methods, invoices, plan changes and cancellation on Stripe's hosted page.
import { ApiError } from "@edgegate/shared/errors";
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { routePermission } from "../../auth/roles.ts";
import type { AppEnv } from "../../context.ts";
import { recordAudit } from "../../services/audit.ts";
import { adminSecurity, errorResponses, mutationErrors } from "../schemas.ts";
import { billingPageUrl, loadBillingOrganization } from "./stripe-account.ts";

export const createBillingPortalRoute = createRoute({
  method: "post",
  path: "/billing/portal",
  operationId: "createBillingPortalSession",
  tags: ["Billing"],
  summary: "Open the Stripe billing portal",
  security: adminSecurity,
  ...routePermission("billing:write"),
  responses: {
    201: {
      description: "The portal session: send the user to `url`",
      content: {
        "application/json": { schema: z.object({ url: z.string().url() }).openapi("BillingPortalSession") },
      },
    },
    ...mutationErrors,
    ...errorResponses(409, 503),
  },
});

export const createBillingPortalHandler: RouteHandler<typeof createBillingPortalRoute, AppEnv> = async (
  c,
) => {
  const { org } = await loadBillingOrganization(c);
  if (!org.stripeCustomerId) {
    throw new ApiError("CONFLICT", "The organization has no billing account yet: upgrade first.");
  }
  const portal = await c.var.services.stripe.createPortalSession(org.stripeCustomerId, billingPageUrl(c));
  await recordAudit(c, {
    action: "billing.portal_open",
    targetType: "organization",
    targetId: org.id,
    after: { portalSessionId: portal.id },
  });
  c.header("Cache-Control", "no-store");
  return c.json({ url: portal.url }, 201);
};
