// GET /api/billing — the organization's plan and subscription, this period's usage against the
// included quota, the overage so far, and the charge it comes to at the plan's Stripe prices
// (so far, and projected to the period's end at the current pace); plus the plans on offer.
// The overage is the usage report's (overageByHour, hour by hour against the quota in force), so
// the page shows what Stripe is billed, custom limits and their expiry included.
import { PLAN_IDS, PLANS, type PlanId } from "@edgegate/shared/plans";
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { desc, eq } from "drizzle-orm";
import { routePermission } from "../../auth/roles.ts";
import type { AppEnv } from "../../context.ts";
import { billingReconciliations } from "../../db/schema/billing.ts";
import { type BillableHour, billableByHour } from "../../services/billing/ledger.ts";
import { overageCost } from "../../services/billing/revenue.ts";
import { HOUR_MS, overageByHour } from "../../services/billing/usage-report.ts";
import { effectiveOrganizationLimits } from "../../services/limiter.ts";
import { adminSecurity, authErrors, errorResponses, timestamp } from "../schemas.ts";
import { billingPeriod, loadBillingOrganization } from "./stripe-account.ts";

const chargeSchema = z.object({
  currency: z.string().openapi({ example: "usd" }),
  /** Cents. */
  flat: z.number().int(),
  overage: z.number().int(),
  total: z.number().int(),
});

const planOfferSchema = z.object({
  plan: z.enum(PLAN_IDS as [PlanId, ...PlanId[]]),
  name: z.string(),
  monthlyQuota: z.number().int().nullable(),
  requestsPerMinute: z.number().int(),
  /** Cents per month; null for plans not sold through checkout here. */
  flatAmount: z.number().int().nullable(),
  /** Cents per request over the quota, as Stripe's decimal string. */
  overageUnitAmountDecimal: z.string().nullable(),
  purchasable: z.boolean(),
});

export const billingOverviewSchema = z
  .object({
    plan: z.enum(PLAN_IDS as [PlanId, ...PlanId[]]),
    subscription: z
      .object({
        status: z.string(),
        currentPeriodStart: timestamp.nullable(),
        currentPeriodEnd: timestamp.nullable(),
        cancelAtPeriodEnd: z.boolean(),
      })
      .nullable(),
    /** Past due: Stripe is retrying a failed payment; the plan stays until the subscription ends. */
    pastDue: z.boolean(),
    hasBillingAccount: z.boolean(),
    period: z.object({ start: timestamp, end: timestamp }),
    includedQuota: z.number().int().nullable(),
    usage: z.object({
      /** Billable requests this period (the ledger: requests the gateway proxied upstream). */
      requests: z.number().int(),
      overageRequests: z.number().int(),
    }),
    chargeSoFar: chargeSchema.nullable(),
    projectedCharge: chargeSchema.nullable(),
    plans: z.array(planOfferSchema),
    /** The latest reconciliation of ledger, usage record, reports and Stripe (hourly job). */
    lastReconciliation: z
      .object({ status: z.enum(["ok", "mismatch"]), checkedAt: timestamp, differenceCount: z.number().int() })
      .nullable(),
  })
  .openapi("BillingOverview");

export const getBillingOverviewRoute = createRoute({
  method: "get",
  path: "/billing",
  operationId: "getBillingOverview",
  tags: ["Billing"],
  summary: "Plan, subscription, usage and charges this period",
  security: adminSecurity,
  ...routePermission("billing:read"),
  responses: {
    200: {
      description: "The billing overview",
      content: { "application/json": { schema: billingOverviewSchema } },
    },
    ...authErrors,
    ...errorResponses(503),
  },
});

export const getBillingOverviewHandler: RouteHandler<typeof getBillingOverviewRoute, AppEnv> = async (c) => {
  const { org, subscription } = await loadBillingOrganization(c);
  const { services } = c.var;
  const now = Date.now();
  const period = billingPeriod(now);
  const includedQuota = effectiveOrganizationLimits(org, now).monthlyQuota;
  const [prices, hours, [reconciliation]] = await Promise.all([
    services.stripe.planPrices(),
    billableByHour(services, org.id, { from: period.start, to: new Date(now) }),
    services.database.db
      .select()
      .from(billingReconciliations)
      .where(eq(billingReconciliations.organizationId, org.id))
      .orderBy(desc(billingReconciliations.createdAt))
      .limit(1),
  ]);
  const usage = sum(hours.map((hour) => hour.billable));
  const overageRequests = sum(overageByHour(org, hours));
  // A charge only while a subscription bills the plan (a plan set by hand costs nothing here).
  const billed = subscription !== null && ["active", "trialing", "past_due"].includes(subscription.status);
  const planPrices = billed && (org.plan === "STARTER" || org.plan === "PRO") ? prices[org.plan] : undefined;
  const charge = (overage: number) => {
    if (!planPrices) return null;
    const flat = planPrices.flat.unit_amount ?? 0;
    const overageAmount = overageCost(overage, planPrices.overage.unit_amount_decimal);
    return { currency: planPrices.flat.currency, flat, overage: overageAmount, total: flat + overageAmount };
  };
  const projectedOverage = sum(overageByHour(org, projectedHours(hours, usage, period, now)));
  return c.json(
    {
      plan: org.plan,
      subscription: subscription
        ? {
            status: subscription.status,
            currentPeriodStart: subscription.currentPeriodStart?.toISOString() ?? null,
            currentPeriodEnd: subscription.currentPeriodEnd?.toISOString() ?? null,
            cancelAtPeriodEnd: subscription.cancelAtPeriodEnd,
          }
        : null,
      pastDue: org.subscriptionStatus === "past_due",
      hasBillingAccount: org.stripeCustomerId !== null,
      period: { start: period.start.toISOString(), end: period.end.toISOString() },
      includedQuota,
      usage: { requests: usage, overageRequests },
      chargeSoFar: charge(overageRequests),
      projectedCharge: charge(projectedOverage),
      plans: PLAN_IDS.map((plan) => {
        const offered = plan === "STARTER" || plan === "PRO" ? prices[plan] : undefined;
        return {
          plan,
          name: PLANS[plan].name,
          monthlyQuota: PLANS[plan].monthlyQuota,
          requestsPerMinute: PLANS[plan].requestsPerMinute,
          flatAmount: plan === "FREE" ? 0 : (offered?.flat.unit_amount ?? null),
          overageUnitAmountDecimal: offered?.overage.unit_amount_decimal?.toString() ?? null,
          purchasable: offered !== undefined,
        };
      }),
      lastReconciliation: reconciliation
        ? {
            status: reconciliation.status,
            checkedAt: reconciliation.createdAt.toISOString(),
            differenceCount: reconciliation.differenceCount,
          }
        : null,
    },
    200,
  );
};

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

/**
 * The period's hours at the current pace: the hours so far, then the rest of the period's
 * projected usage (usage scaled to the whole period) spread evenly over the hours left, the
 * current one included — so an override's expiry later in the period is projected as billed.
 */
function projectedHours(
  hours: readonly BillableHour[],
  usage: number,
  period: { start: Date; end: Date },
  now: number,
): BillableHour[] {
  const elapsed = Math.max(now - period.start.getTime(), HOUR_MS);
  const pace = Math.round(usage * ((period.end.getTime() - period.start.getTime()) / elapsed));
  const currentHour = Math.floor(now / HOUR_MS) * HOUR_MS;
  const left = Math.max(1, Math.ceil((period.end.getTime() - currentHour) / HOUR_MS));
  const extra = Math.max(0, pace - usage);
  const byHour = new Map(hours.map(({ hour, billable }) => [hour.getTime(), billable]));
  for (let index = 0; index < left; index++) {
    const hour = currentHour + index * HOUR_MS;
    // Whole requests: the first hours take the remainder, one each.
    const share = Math.floor(extra / left) + (index < extra % left ? 1 : 0);
    byHour.set(hour, (byHour.get(hour) ?? 0) + share);
  }
  return [...byHour]
    .sort(([a], [b]) => a - b)
    .map(([hour, billable]) => ({ hour: new Date(hour), billable }));
}
