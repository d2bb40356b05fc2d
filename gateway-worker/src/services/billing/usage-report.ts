// Hourly overage → Stripe meter events. For each organization that bills overage, each closed
// hour's overage is the part of the period's cumulative billable requests (the ledger) above the
// plan's included quota — and below the spend cap — that falls in that hour:
//   overage(h) = clamp(cum(h) − quota, 0, cap) − clamp(cum(h−1) − quota, 0, cap)
// so the hours' overages add up to exactly the period's billable overage.
//
// Exactly once: the report row (stripe_meter_reports, identifier = organization + hour) is
// written BEFORE the call with the quantity it will send; a row already `reported` is never sent
// again, and a `pending`/`failed` one (Stripe was down, the Worker died mid-call) is re-sent with
// the same identifier, quantity and idempotency key — Stripe answers a repeat with the first
// result and counts an identifier once. The event's timestamp is the hour's start, so Stripe
// bills it in the period it belongs to (it accepts events up to 35 days back).
import { PLANS, type PlanId } from "@edgegate/shared/plans";
import { and, eq, gte, inArray, isNotNull, lt } from "drizzle-orm";
import type { Services } from "../../context.ts";
import { billingSubscriptions, type StripeMeterReport, stripeMeterReports } from "../../db/schema/billing.ts";
import { organizations } from "../../db/schema/organizations.ts";
import { billableByHour, closedHoursEnd } from "./ledger.ts";

export const HOUR_MS = 3_600_000;
/** How far back a run looks for hours not yet reported (a Stripe outage up to this long heals). */
export const LOOKBACK_MS = 7 * 24 * HOUR_MS;

type ReportServices = Pick<Services, "database" | "stripe" | "config">;

export interface BilledOrganization {
  id: string;
  plan: PlanId;
  stripeCustomerId: string;
  spendCapRequests: number | null;
}

/** Organizations whose overage goes to Stripe: a live subscription and the bill_overage policy. */
export async function billedOrganizations(
  services: Pick<Services, "database">,
): Promise<BilledOrganization[]> {
  const rows = await services.database.db
    .select({
      id: organizations.id,
      plan: organizations.plan,
      stripeCustomerId: organizations.stripeCustomerId,
      spendCapRequests: organizations.spendCapRequests,
    })
    .from(organizations)
    .innerJoin(billingSubscriptions, eq(billingSubscriptions.organizationId, organizations.id))
    .where(
      and(
        isNotNull(organizations.stripeCustomerId),
        eq(organizations.overagePolicy, "bill_overage"),
        inArray(billingSubscriptions.status, ["active", "trialing", "past_due"]),
      ),
    );
  return rows.filter((row): row is BilledOrganization => row.stripeCustomerId !== null);
}

const monthStart = (ms: number) => {
  const date = new Date(ms);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
};
const nextMonthStart = (ms: number) => {
  const date = new Date(ms);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
};

/** End (exclusive) of the last hour that may be reported at `now` (the ledger's settle time). */
export const closedUntil = (now: number) => closedHoursEnd(now).getTime();

/**
 * Billable requests and overage per hour start, for every hour in [from, to) with any billable
 * request; cumulative counts start at each UTC month (the quota's period).
 */
export async function hourlyOverage(
  services: Pick<Services, "database">,
  org: Pick<BilledOrganization, "id" | "plan" | "spendCapRequests">,
  from: number,
  to: number,
): Promise<Map<number, { billable: number; overage: number }>> {
  const quota = PLANS[org.plan].monthlyQuota;
  const cap = org.spendCapRequests ?? Number.POSITIVE_INFINITY;
  const over = (cumulative: number) => (quota === null ? 0 : Math.min(Math.max(cumulative - quota, 0), cap));
  const result = new Map<number, { billable: number; overage: number }>();
  for (let month = monthStart(from); month < to; month = nextMonthStart(month)) {
    const end = Math.min(nextMonthStart(month), to);
    const hours = await billableByHour(services, org.id, { from: new Date(month), to: new Date(end) });
    let cumulative = 0;
    for (const { hour: start, billable } of hours) {
      const hour = start.getTime();
      const overage = over(cumulative + billable) - over(cumulative);
      cumulative += billable;
      if (hour >= from) result.set(hour, { billable, overage });
    }
  }
  return result;
}

export const reportIdentifier = (organizationId: string, hour: number) =>
  `eg_${organizationId}_${new Date(hour).toISOString().slice(0, 13).replace(/[-T]/g, "")}`;

export interface UsageReportRun {
  organizations: number;
  reported: number;
  failed: number;
}

export async function reportOverage(services: ReportServices, now = Date.now()): Promise<UsageReportRun> {
  const run: UsageReportRun = { organizations: 0, reported: 0, failed: 0 };
  const to = closedUntil(now);
  const from = to - LOOKBACK_MS;
  for (const org of await billedOrganizations(services)) {
    run.organizations++;
    const outcome = await reportOrganization(services, org, from, to);
    run.reported += outcome.reported;
    run.failed += outcome.failed;
  }
  if (run.reported || run.failed) console.log(JSON.stringify({ event: "stripe_usage_report", ...run }));
  return run;
}

async function reportOrganization(
  services: ReportServices,
  org: BilledOrganization,
  from: number,
  to: number,
): Promise<{ reported: number; failed: number }> {
  const { db } = services.database;
  const overage = await hourlyOverage(services, org, from, to);
  const existing = await db
    .select()
    .from(stripeMeterReports)
    .where(
      and(
        eq(stripeMeterReports.organizationId, org.id),
        gte(stripeMeterReports.windowStart, new Date(from)),
        lt(stripeMeterReports.windowStart, new Date(to)),
      ),
    );
  const known = new Map(existing.map((row) => [row.identifier, row]));
  const outcome = { reported: 0, failed: 0 };
  // Hours with overage, and any earlier attempt still unconfirmed (sent as first stored).
  const hours = new Set([...overage.keys(), ...existing.map((row) => row.windowStart.getTime())]);
  for (const hour of [...hours].sort((a, b) => a - b)) {
    const quantity = overage.get(hour)?.overage ?? 0;
    const identifier = reportIdentifier(org.id, hour);
    let row: StripeMeterReport | undefined = known.get(identifier);
    if (row?.status === "reported") continue;
    if (!row) {
      if (quantity <= 0) continue;
      [row] = await db
        .insert(stripeMeterReports)
        .values({
          identifier,
          organizationId: org.id,
          eventName: services.config.STRIPE_METER_EVENT_NAME,
          windowStart: new Date(hour),
          windowEnd: new Date(hour + HOUR_MS),
          quantity,
        })
        .onConflictDoNothing()
        .returning();
      // Another run is on it.
      if (!row) continue;
    }
    try {
      await services.stripe.reportUsage({
        identifier,
        customerId: org.stripeCustomerId,
        value: row.quantity,
        timestamp: Math.floor(hour / 1000),
      });
      await db
        .update(stripeMeterReports)
        .set({ status: "reported", reportedAt: new Date(), lastError: null })
        .where(eq(stripeMeterReports.identifier, identifier));
      outcome.reported++;
    } catch (error) {
      await db
        .update(stripeMeterReports)
        .set({ status: "failed", lastError: String(error).slice(0, 500) })
        .where(eq(stripeMeterReports.identifier, identifier));
      outcome.failed++;
      console.error(
        JSON.stringify({
          event: "stripe_usage_report_failed",
          organizationId: org.id,
          identifier,
          error: String(error),
        }),
      );
      // Stripe is likely down: the next run resumes from here, in order.
      break;
    }
  }
  return outcome;
}
