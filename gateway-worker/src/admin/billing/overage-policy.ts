// GET /api/billing/overage-policy — what happens when the organization reaches its plan's
// monthly quota: refused (hard_cap) or billed as overage (bill_overage), up to an optional cap.
import { monthlyEnforcement, OVERAGE_POLICIES, planAllowsOverage } from "@edgegate/shared/billing";
import { ApiError } from "@edgegate/shared/errors";
import { PLAN_IDS, type PlanId } from "@edgegate/shared/plans";
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { callerOf } from "../../auth/caller.ts";
import { routePermission } from "../../auth/roles.ts";
import type { AppEnv } from "../../context.ts";
import {
  type OrganizationBilling,
  readOrganizationBilling,
} from "../../services/billing/organization-limits.ts";
import { effectiveOrganizationLimits } from "../../services/limiter.ts";
import { adminSecurity, authErrors } from "../schemas.ts";

export const overagePolicyViewSchema = z
  .object({
    plan: z.enum(PLAN_IDS as [PlanId, ...PlanId[]]),
    /** As chosen; on FREE the gateway applies hard_cap whatever is stored. */
    overagePolicy: z.enum(OVERAGE_POLICIES),
    /** What the gateway enforces now. */
    effectivePolicy: z.enum(OVERAGE_POLICIES),
    spendCapRequests: z.number().int().nullable().openapi({
      description: "Under bill_overage: the most requests over the quota per month; null = no cap.",
    }),
    includedQuota: z.number().int().nullable(),
    /** Requests past which the gateway refuses this month (null: never on volume). */
    refuseAbove: z.number().int().nullable(),
    /** Whether the plan can bill overage (FREE cannot). */
    overageAvailable: z.boolean(),
  })
  .openapi("OveragePolicy");

export type OveragePolicyView = z.infer<typeof overagePolicyViewSchema>;

/** The policy as the gateway applies it at `now`: against the quota in force (an override's). */
export function toOveragePolicyView(billing: OrganizationBilling, now = Date.now()): OveragePolicyView {
  const enforced = monthlyEnforcement(
    billing.plan,
    billing.overagePolicy,
    billing.spendCapRequests,
    effectiveOrganizationLimits(billing, now).monthlyQuota,
  );
  return {
    plan: billing.plan,
    overagePolicy: billing.overagePolicy,
    effectivePolicy: enforced.policy,
    spendCapRequests: billing.spendCapRequests,
    includedQuota: enforced.includedQuota,
    refuseAbove: enforced.refuseAbove,
    overageAvailable: planAllowsOverage(billing.plan),
  };
}

export const getOveragePolicyRoute = createRoute({
  method: "get",
  path: "/billing/overage-policy",
  operationId: "getOveragePolicy",
  tags: ["Billing"],
  summary: "Read the overage policy and spend cap",
  security: adminSecurity,
  ...routePermission("billing:read"),
  responses: {
    200: {
      description: "The overage policy in force",
      content: { "application/json": { schema: overagePolicyViewSchema } },
    },
    ...authErrors,
  },
});

export const getOveragePolicyHandler: RouteHandler<typeof getOveragePolicyRoute, AppEnv> = async (c) => {
  const billing = await readOrganizationBilling(c.var.services, callerOf(c).organizationId);
  if (!billing) throw new ApiError("NOT_FOUND", "No such organization.");
  return c.json(toOveragePolicyView(billing), 200);
};
