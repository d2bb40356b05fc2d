// Revenue across every organization, for the operator console. Amounts come from the plans'
// prices as Stripe holds them (the same prices checkout sells and the billing page charges);
// counts come from Postgres. Stripe being unreachable (or billing not configured) leaves the
// counts and quantities and turns every amount into null, so the page still answers.
//
// - MRR: each live subscription's flat monthly price (yearly prices / 12). Past-due
//   subscriptions count (Stripe is still collecting); trialing ones do not (nothing is billed
//   yet), as in Stripe's own MRR. Plans without a Stripe price (ENTERPRISE deals) count
//   organizations with an unknown amount.
// - Overage this period: the requests reported to Stripe's meter since the month began
//   (stripe_meter_reports `reported`), at each organization's overage price; reports still
//   pending or failed are shown apart (not billed yet).
// - Reconciliation: each organization's latest run, where it found differences.
import { ApiError } from "@edgegate/shared/errors";
import { PLAN_IDS, type PlanId } from "@edgegate/shared/plans";
import { sql } from "drizzle-orm";
import type { Services } from "../../context.ts";
import type { ReconciliationDifference } from "../../db/schema/billing.ts";
import { monthOf } from "./ledger.ts";
import type { PaidPlan, PlanPrices } from "./stripe.ts";

/** Cents for `requests` at Stripe's per-request decimal price. */
export const overageCost = (requests: number, unitDecimal: { toString(): string } | null) =>
  Math.round(requests * Number(unitDecimal?.toString() ?? 0));

/** Subscription states that keep the plan (services/billing/subscriptions.ts). */
const LIVE = ["active", "trialing", "past_due"] as const;

export interface PlanRevenue {
  plan: PlanId;
  organizations: number;
  /** Active or past-due subscriptions: what MRR counts. */
  paying: number;
  trialing: number;
  /** Cents per month; null when the plan has no Stripe price or Stripe did not answer. */
  mrr: number | null;
}

export interface OrganizationOverage {
  organizationId: string;
  name: string;
  plan: PlanId;
  reportedRequests: number;
  /** Reports written but not (yet) accepted by Stripe. */
  unreportedRequests: number;
  amount: number | null;
}

export interface PastDueOrganization {
  organizationId: string;
  name: string;
  slug: string;
  plan: PlanId;
  /** When the subscription was last synced from Stripe (the state is at least this old). */
  since: string | null;
}

export interface ReconciliationIssue {
  organizationId: string;
  name: string;
  checkedAt: string;
  windowStart: string;
  windowEnd: string;
  differenceCount: number;
  /** The first differences of the run (all of them are on the organization's billing page). */
  differences: ReconciliationDifference[];
}

export interface Revenue {
  currency: string | null;
  /** False: Stripe could not be asked for prices; every amount is null. */
  pricesAvailable: boolean;
  period: { start: string; end: string };
  mrr: { total: number | null; byPlan: PlanRevenue[] };
  overage: {
    reportedRequests: number;
    unreportedRequests: number;
    amount: number | null;
    byOrganization: OrganizationOverage[];
  };
  pastDue: PastDueOrganization[];
  reconciliation: ReconciliationIssue[];
}

/** A recurring price's amount per month, in cents. */
function monthlyAmount(price: PlanPrices["flat"]): number {
  const amount = price.unit_amount ?? 0;
  const recurring = price.recurring;
  if (!recurring) return amount;
  const perYear =
    ({ day: 365, week: 52, month: 12, year: 1 } as Record<string, number>)[recurring.interval] ?? 12;
  return Math.round((amount * perYear) / 12 / (recurring.interval_count || 1));
}

async function pricesOrNull(services: Pick<Services, "stripe">) {
  try {
    return await services.stripe.planPrices();
  } catch (error) {
    if (error instanceof ApiError && error.code === "BILLING_UNAVAILABLE") return null;
    throw error;
  }
}

const REVENUE_LIST_LIMIT = 100;
const DIFFERENCES_SHOWN = 10;

export async function queryRevenue(
  services: Pick<Services, "database" | "stripe">,
  now = Date.now(),
): Promise<Revenue> {
  const { db } = services.database;
  const month = monthOf(now);
  const [prices, plans, overage, pastDue, reconciliations] = await Promise.all([
    pricesOrNull(services),
    db.execute(sql`
      select o.plan, count(*) as organizations,
        count(*) filter (where s.status in ('active', 'past_due')) as paying,
        count(*) filter (where s.status = 'trialing') as trialing
      from organizations o left join billing_subscriptions s
        on s.organization_id = o.id and s.status in (${sql.join(
          LIVE.map((status) => sql`${status}`),
          sql`, `,
        )})
      group by o.plan`),
    db.execute(sql`
      select r.organization_id, o.name, o.plan,
        coalesce(sum(r.quantity) filter (where r.status = 'reported'), 0) as reported,
        coalesce(sum(r.quantity) filter (where r.status <> 'reported'), 0) as unreported
      from stripe_meter_reports r join organizations o on o.id = r.organization_id
      where r.window_start >= ${month.from.toISOString()}::timestamptz
        and r.window_start < ${month.to.toISOString()}::timestamptz
      group by r.organization_id, o.name, o.plan
      order by reported desc, r.organization_id
      limit ${REVENUE_LIST_LIMIT}`),
    db.execute(sql`
      select o.id, o.name, o.slug, o.plan, s.synced_at
      from organizations o left join billing_subscriptions s on s.organization_id = o.id
      where o.subscription_status = 'past_due'
      order by s.synced_at nulls last, o.id
      limit ${REVENUE_LIST_LIMIT}`),
    db.execute(sql`
      select * from (
        select distinct on (r.organization_id) r.organization_id, o.name, r.created_at, r.window_start,
          r.window_end, r.status, r.difference_count, r.differences
        from billing_reconciliations r join organizations o on o.id = r.organization_id
        order by r.organization_id, r.created_at desc
      ) latest
      where status = 'mismatch'
      order by created_at desc
      limit ${REVENUE_LIST_LIMIT}`),
  ]);
  const priced = (plan: string): PlanPrices | undefined =>
    prices && (plan === "STARTER" || plan === "PRO") ? prices[plan as PaidPlan] : undefined;
  const currency = prices ? (Object.values(prices)[0]?.flat.currency ?? null) : null;

  const counted = new Map(plans.rows.map((row) => [String(row.plan), row]));
  const byPlan: PlanRevenue[] = PLAN_IDS.map((plan) => {
    const row = counted.get(plan);
    const paying = Number(row?.paying ?? 0);
    const flat = priced(plan)?.flat;
    return {
      plan,
      organizations: Number(row?.organizations ?? 0),
      paying,
      trialing: Number(row?.trialing ?? 0),
      // FREE costs nothing; a plan with paying subscriptions but no known price is unknown.
      mrr: plan === "FREE" || paying === 0 ? 0 : flat ? paying * monthlyAmount(flat) : null,
    };
  });
  const byOrganization: OrganizationOverage[] = overage.rows.map((row) => {
    const reportedRequests = Number(row.reported);
    const price = priced(String(row.plan))?.overage;
    return {
      organizationId: String(row.organization_id),
      name: String(row.name),
      plan: String(row.plan) as PlanId,
      reportedRequests,
      unreportedRequests: Number(row.unreported),
      amount: price ? overageCost(reportedRequests, price.unit_amount_decimal) : null,
    };
  });
  const sumOrNull = (values: (number | null)[]) =>
    prices === null || values.some((v) => v === null)
      ? null
      : values.reduce<number>((sum, v) => sum + (v ?? 0), 0);
  const iso = (value: unknown) => new Date(value as string).toISOString();
  return {
    currency,
    pricesAvailable: prices !== null,
    period: { start: month.from.toISOString(), end: month.to.toISOString() },
    mrr: { total: sumOrNull(byPlan.map((p) => p.mrr)), byPlan },
    overage: {
      reportedRequests: byOrganization.reduce((sum, o) => sum + o.reportedRequests, 0),
      unreportedRequests: byOrganization.reduce((sum, o) => sum + o.unreportedRequests, 0),
      amount: sumOrNull(byOrganization.map((o) => o.amount)),
      byOrganization,
    },
    pastDue: pastDue.rows.map((row) => ({
      organizationId: String(row.id),
      name: String(row.name),
      slug: String(row.slug),
      plan: String(row.plan) as PlanId,
      since: row.synced_at === null || row.synced_at === undefined ? null : iso(row.synced_at),
    })),
    reconciliation: reconciliations.rows.map((row) => ({
      organizationId: String(row.organization_id),
      name: String(row.name),
      checkedAt: iso(row.created_at),
      windowStart: iso(row.window_start),
      windowEnd: iso(row.window_end),
      differenceCount: Number(row.difference_count),
      differences: ((row.differences ?? []) as ReconciliationDifference[]).slice(0, DIFFERENCES_SHOWN),
    })),
  };
}
