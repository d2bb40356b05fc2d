// PUT /api/billing/overage-policy — choose hard_cap or bill_overage (paid plans only) and the
// spend cap. Applied through applyOrganizationBilling: Postgres and the audit row in one
// transaction, then every key of the organization sees it on its next gateway request.
import { overagePolicySchema, spendCapSchema } from "@edgegate/shared/billing-schemas";
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { callerOf } from "../../auth/caller.ts";
import { routePermission } from "../../auth/roles.ts";
import type { AppEnv } from "../../context.ts";
import { applyOrganizationBilling } from "../../services/billing/organization-limits.ts";
import { adminSecurity, errorResponses, jsonBody, mutationErrors } from "../schemas.ts";
import { overagePolicyViewSchema, toOveragePolicyView } from "./overage-policy.ts";

export const updateOveragePolicyBody = z
  .object({
    overagePolicy: overagePolicySchema,
    spendCapRequests: spendCapSchema.default(null).openapi({
      description: "Only with bill_overage: the most requests over the quota per month; null = no cap.",
      example: 50_000,
    }),
  })
  .strict()
  .refine((body) => body.overagePolicy === "bill_overage" || body.spendCapRequests === null, {
    path: ["spendCapRequests"],
    message: "a spend cap applies only to bill_overage",
  })
  .openapi("UpdateOveragePolicy");

export const updateOveragePolicyRoute = createRoute({
  method: "put",
  path: "/billing/overage-policy",
  operationId: "updateOveragePolicy",
  tags: ["Billing"],
  summary: "Set the overage policy and spend cap",
  description:
    "hard_cap refuses requests past the plan's monthly quota (429 QUOTA_EXCEEDED). bill_overage serves them and bills them per 1,000, up to the spend cap if one is set (then 429 SPEND_CAP_REACHED). The Free plan is always hard_cap: asking for bill_overage on it answers 409. Takes effect at the gateway on the next request.",
  security: adminSecurity,
  ...routePermission("billing:write"),
  request: { body: jsonBody(updateOveragePolicyBody) },
  responses: {
    200: {
      description: "The overage policy now in force",
      content: { "application/json": { schema: overagePolicyViewSchema } },
    },
    ...mutationErrors,
    ...errorResponses(409, 503),
  },
});

export const updateOveragePolicyHandler: RouteHandler<typeof updateOveragePolicyRoute, AppEnv> = async (
  c,
) => {
  const caller = callerOf(c);
  const body = c.req.valid("json");
  const { after } = await applyOrganizationBilling(
    c.var.services,
    caller.organizationId,
    { overagePolicy: body.overagePolicy, spendCapRequests: body.spendCapRequests },
    { actor: caller.actor, request: c.req.raw },
  );
  return c.json(toOveragePolicyView(after), 200);
};
