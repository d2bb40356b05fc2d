// Billing terms shared by the gateway (enforcement), the admin API (validation) and the SPA
// (the overage policy form): declared once so the three always agree. Their zod schemas are in
// billing-schemas.ts: the gateway imports this file at start-up, and zod's classic API stays off
// that path (gateway-worker/src/config.ts).
import { PLANS, type PlanId } from "./plans.ts";

/**
 * What happens when an organization's requests reach its plan's monthly quota:
 * - `hard_cap`: refused with 429 QUOTA_EXCEEDED until the month ends (FREE is always this);
 * - `bill_overage`: served and billed per 1,000 requests over the quota, up to the optional
 *   spend cap (requests over the quota), then refused with 429 SPEND_CAP_REACHED.
 */
export const OVERAGE_POLICIES = ["hard_cap", "bill_overage"] as const;
export type OveragePolicy = (typeof OVERAGE_POLICIES)[number];

/** Plans that may bill overage: a paid plan with a finite quota (FREE has no subscription). */
export function planAllowsOverage(plan: PlanId): boolean {
  return plan !== "FREE" && PLANS[plan].monthlyQuota !== null;
}

/** The spend cap counts requests over the quota: at least 1, at most a billion. */
export const MIN_SPEND_CAP_REQUESTS = 1;
export const MAX_SPEND_CAP_REQUESTS = 1_000_000_000;

/**
 * The monthly limit the gateway enforces for an organization: the quota under `hard_cap` (and
 * always on FREE), quota + spend cap under `bill_overage` with a cap, none without one.
 * `null` = nothing refuses on monthly volume.
 */
export interface MonthlyEnforcement {
  /** The plan's included requests per month (null = unlimited plan). */
  includedQuota: number | null;
  /** The policy in force (FREE and unlimited plans: always hard_cap). */
  policy: OveragePolicy;
  /** Requests are refused once the month's count exceeds this; null = never. */
  refuseAbove: number | null;
}

export function monthlyEnforcement(
  plan: PlanId,
  overagePolicy: OveragePolicy,
  spendCapRequests: number | null,
  /** An operator's custom monthly quota in force (a limits override), replacing the plan's. */
  includedQuota: number | null = PLANS[plan].monthlyQuota,
): MonthlyEnforcement {
  if (includedQuota === null) return { includedQuota, policy: "hard_cap", refuseAbove: null };
  if (overagePolicy === "bill_overage" && planAllowsOverage(plan)) {
    return {
      includedQuota,
      policy: "bill_overage",
      refuseAbove: spendCapRequests === null ? null : includedQuota + spendCapRequests,
    };
  }
  return { includedQuota, policy: "hard_cap", refuseAbove: includedQuota };
}
