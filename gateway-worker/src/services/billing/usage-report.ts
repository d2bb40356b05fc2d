// Hourly overage → Stripe meter events. For each organization that bills overage, each closed
// hour's overage is the part of that hour's billable requests (the ledger) that lands above the
// monthly quota in force — counted on the month's cumulative total — while the month's overage
// stays within the spend cap (overageByHour). With one quota all month this is
//   overage(h) = clamp(cum(h) − quota, 0, cap) − clamp(cum(h−1) − quota, 0, cap)
// so the hours' overages add up to exactly the period's billable overage.
//
// Exactly once: the report row (stripe_meter_reports, identifier = organization + hour) is
// written BEFORE the call with the quantity it will send; a row already `reported` is never sent
// again, and a `pending`/`failed` one (Stripe was down, the Worker died mid-call) is re-sent with
// the same identifier, quantity and idempotency key — Stripe answers a repeat with the first
// result and counts an identifier once. The event's timestamp is the hour's start, so Stripe
// bills it in the period it belongs to (it accepts events up to 35 days back).
//
// In bounded batches (REPORT_BATCH organizations, in id order): per batch a fixed handful of
// queries — the page of organizations, the ledger for all of them, their existing rows, one insert
// of the new rows, the confirmations — and the meter events CONNECTIONS_PER_INVOCATION at a time (services/outbound.ts). One
// organization at a time cost ~5 sequential round trips each (bench/results/NOTES.md).

import { ApiError } from "@edgegate/shared/errors";
import type { PlanId } from "@edgegate/shared/plans";
import { and, eq, gt, gte, inArray, isNotNull, lt } from "drizzle-orm";
import type { Services } from "../../context.ts";
import {
  billingSubscriptions,
  type InsertStripeMeterReport,
  type StripeMeterReport,
  stripeMeterReports,
} from "../../db/schema/billing.ts";
import { type LimitsOverride, organizations } from "../../db/schema/organizations.ts";
import { effectiveOrganizationLimits } from "../limiter.ts";
import { outboundSlots } from "../outbound.ts";
import { type BillableHour, billableByHour, billableByOrganizationHour, closedHoursEnd } from "./ledger.ts";
import { isStripeOutage } from "./stripe.ts";

export const HOUR_MS = 3_600_000;
/** How far back a run looks for hours not yet reported (a Stripe outage up to this long heals). */
export const LOOKBACK_MS = 7 * 24 * HOUR_MS;

type ReportServices = Pick<Services, "database" | "stripe" | "config">;

export interface BilledOrganization {
  id: string;
  plan: PlanId;
  stripeCustomerId: string;
  spendCapRequests: number | null;
  limitsOverride: LimitsOverride | null;
}

/** What decides an organization's overage: its plan, an operator's override and its spend cap. */
export type OverageTerms = Pick<BilledOrganization, "plan" | "spendCapRequests" | "limitsOverride">;

/**
 * Organizations whose overage goes to Stripe: a live subscription and the bill_overage policy.
 * With `page`, at most `page.limit` of them in id order after `page.after` (the report's batches).
 */
export async function billedOrganizations(
  services: Pick<Services, "database">,
  page?: { after: string | null; limit: number },
): Promise<BilledOrganization[]> {
  const billed = and(
    isNotNull(organizations.stripeCustomerId),
    eq(organizations.overagePolicy, "bill_overage"),
    inArray(billingSubscriptions.status, ["active", "trialing", "past_due"]),
  );
  const query = services.database.db
    .select({
      id: organizations.id,
      plan: organizations.plan,
      stripeCustomerId: organizations.stripeCustomerId,
      spendCapRequests: organizations.spendCapRequests,
      limitsOverride: organizations.limitsOverride,
    })
    .from(organizations)
    .innerJoin(billingSubscriptions, eq(billingSubscriptions.organizationId, organizations.id));
  const rows = page
    ? await query
        .where(page.after === null ? billed : and(billed, gt(organizations.id, page.after)))
        .orderBy(organizations.id)
        .limit(page.limit)
    : await query.where(billed);
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

type HourlyOverage = Map<number, { billable: number; overage: number }>;

/**
 * The overage of each of one UTC month's hours (ascending, from the month's start; the result in
 * the same order). An hour is billed against the monthly quota in force at the hour's start —
 * the gateway's own rule (effectiveOrganizationLimits): an operator's override while it runs,
 * else the plan's — so an override that ends mid-month bills the hours before its expiry against
 * its quota and the hours after against the plan's (an expiry inside an hour applies from the
 * next hour: the ledger counts whole hours). An hour's overage is the part of its requests that
 * lands above that quota on the month's cumulative count, so requests once within a quota are
 * never billed later; the month's overage stops at the spend cap. No quota in force: no overage.
 */
export function overageByHour(terms: OverageTerms, hours: readonly BillableHour[]): number[] {
  const cap = terms.spendCapRequests ?? Number.POSITIVE_INFINITY;
  let cumulative = 0;
  let billed = 0;
  return hours.map(({ hour, billable }) => {
    cumulative += billable;
    const quota = effectiveOrganizationLimits(terms, hour.getTime()).monthlyQuota;
    const above = quota === null ? 0 : Math.min(billable, Math.max(cumulative - quota, 0));
    const overage = Math.min(above, cap - billed);
    billed += overage;
    return overage;
  });
}

/**
 * Adds one UTC month's hours (ascending, from the month's start) to `result`: the cumulative count
 * restarts each month (the quota's period); hours before `from` only feed the cumulative count.
 */
function addMonth(
  terms: OverageTerms,
  hours: readonly BillableHour[],
  from: number,
  result: HourlyOverage,
): void {
  const overages = overageByHour(terms, hours);
  hours.forEach(({ hour, billable }, index) => {
    if (hour.getTime() >= from) result.set(hour.getTime(), { billable, overage: overages[index] as number });
  });
}

/** The UTC months [start, end) that [from, to) touches. */
function* months(from: number, to: number): Generator<{ start: number; end: number }> {
  for (let month = monthStart(from); month < to; month = nextMonthStart(month))
    yield { start: month, end: Math.min(nextMonthStart(month), to) };
}

/**
 * Billable requests and overage per hour start, for every hour in [from, to) with any billable
 * request; cumulative counts start at each UTC month (the quota's period).
 */
export async function hourlyOverage(
  services: Pick<Services, "database">,
  org: Pick<BilledOrganization, "id"> & OverageTerms,
  from: number,
  to: number,
): Promise<HourlyOverage> {
  const result: HourlyOverage = new Map();
  for (const month of months(from, to)) {
    const range = { from: new Date(month.start), to: new Date(month.end) };
    addMonth(org, await billableByHour(services, org.id, range), from, result);
  }
  return result;
}

/** `hourlyOverage` for a batch of organizations: one ledger query per month for all of them. */
async function batchHourlyOverage(
  services: Pick<Services, "database">,
  orgs: readonly BilledOrganization[],
  from: number,
  to: number,
): Promise<Map<string, HourlyOverage>> {
  const result = new Map(orgs.map((org) => [org.id, new Map() as HourlyOverage]));
  for (const month of months(from, to)) {
    const range = { from: new Date(month.start), to: new Date(month.end) };
    const byOrg = new Map<string, BillableHour[]>();
    for (const row of await billableByOrganizationHour(services, range, [...result.keys()])) {
      const list = byOrg.get(row.organizationId) ?? [];
      list.push(row);
      byOrg.set(row.organizationId, list);
    }
    for (const org of orgs) addMonth(org, byOrg.get(org.id) ?? [], from, result.get(org.id) as HourlyOverage);
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

/**
 * Organizations per batch: a batch costs a fixed handful of queries (its page of organizations,
 * the ledger, the existing reports, the new rows, the confirmations), whatever its size, and
 * holds at most this many organizations' hours in memory.
 */
export const REPORT_BATCH = 500;
export async function reportOverage(services: ReportServices, now = Date.now()): Promise<UsageReportRun> {
  const run: UsageReportRun = { organizations: 0, reported: 0, failed: 0 };
  const to = closedUntil(now);
  const from = to - LOOKBACK_MS;
  let after: string | null = null;
  for (;;) {
    const orgs = await billedOrganizations(services, { after, limit: REPORT_BATCH });
    if (orgs.length === 0) break;
    after = (orgs.at(-1) as BilledOrganization).id;
    run.organizations += orgs.length;
    const outcome = await reportBatch(services, orgs, from, to);
    run.reported += outcome.reported;
    run.failed += outcome.failed;
    // Stripe is down: the next run resumes where this one stopped, in order, with the same rows.
    if (outcome.outage || orgs.length < REPORT_BATCH) break;
  }
  if (run.reported || run.failed) console.log(JSON.stringify({ event: "stripe_usage_report", ...run }));
  return run;
}

/** One organization's hours to send, in order, each with its report row. */
interface Pending {
  org: BilledOrganization;
  rows: StripeMeterReport[];
}

async function reportBatch(
  services: ReportServices,
  orgs: readonly BilledOrganization[],
  from: number,
  to: number,
): Promise<{ reported: number; failed: number; outage: boolean }> {
  const { db } = services.database;
  const ids = orgs.map((org) => org.id);
  const [overage, existing] = await Promise.all([
    batchHourlyOverage(services, orgs, from, to),
    db
      .select()
      .from(stripeMeterReports)
      .where(
        and(
          inArray(stripeMeterReports.organizationId, ids),
          gte(stripeMeterReports.windowStart, new Date(from)),
          lt(stripeMeterReports.windowStart, new Date(to)),
        ),
      ),
  ]);
  const known = new Map(existing.map((row) => [row.identifier, row]));
  const knownHours = new Map<string, number[]>();
  for (const row of existing) {
    const list = knownHours.get(row.organizationId) ?? [];
    list.push(row.windowStart.getTime());
    knownHours.set(row.organizationId, list);
  }

  // Every hour with overage not yet recorded gets its row BEFORE anything is sent (one insert).
  const fresh: InsertStripeMeterReport[] = [];
  const plan: { org: BilledOrganization; hours: number[] }[] = [];
  for (const org of orgs) {
    const hours = overage.get(org.id) ?? new Map();
    // Hours with overage, and any earlier attempt still unconfirmed (sent as first stored).
    const all = [...new Set([...hours.keys(), ...(knownHours.get(org.id) ?? [])])].sort((a, b) => a - b);
    const toSend: number[] = [];
    for (const hour of all) {
      const identifier = reportIdentifier(org.id, hour);
      const row = known.get(identifier);
      if (row?.status === "reported") continue;
      if (!row) {
        const quantity = hours.get(hour)?.overage ?? 0;
        if (quantity <= 0) continue;
        fresh.push({
          identifier,
          organizationId: org.id,
          eventName: services.config.STRIPE_METER_EVENT_NAME,
          windowStart: new Date(hour),
          windowEnd: new Date(hour + HOUR_MS),
          quantity,
        });
      }
      toSend.push(hour);
    }
    if (toSend.length > 0) plan.push({ org, hours: toSend });
  }
  if (fresh.length > 0) {
    // A row that already exists belongs to another run that is on it: this run leaves it.
    const inserted = await db.insert(stripeMeterReports).values(fresh).onConflictDoNothing().returning();
    for (const row of inserted) known.set(row.identifier, row);
  }
  const pending: Pending[] = plan.map(({ org, hours }) => ({
    org,
    rows: hours.flatMap((hour) => known.get(reportIdentifier(org.id, hour)) ?? []),
  }));

  const reported: string[] = [];
  const failures = new Map<string, string[]>();
  let outage = false;
  // Each organization's hours go out in order and stop at its first failure (the next run
  // resumes there); organizations run side by side, CONNECTIONS_PER_INVOCATION at a time, and
  // none starts after an outage.
  const slot = outboundSlots();
  await Promise.all(
    pending.map(({ org, rows }) =>
      slot(async () => {
        if (outage) return;
        for (const row of rows) {
          try {
            await services.stripe.reportUsage({
              identifier: row.identifier,
              customerId: org.stripeCustomerId,
              value: row.quantity,
              timestamp: Math.floor(row.windowStart.getTime() / 1000),
            });
            reported.push(row.identifier);
          } catch (error) {
            const message = String(error).slice(0, 500);
            failures.set(message, [...(failures.get(message) ?? []), row.identifier]);
            // The Stripe client turns an outage into BILLING_UNAVAILABLE (services/billing/stripe.ts).
            if (isStripeOutage(error) || (error instanceof ApiError && error.code === "BILLING_UNAVAILABLE"))
              outage = true;
            console.error(
              JSON.stringify({
                event: "stripe_usage_report_failed",
                organizationId: org.id,
                identifier: row.identifier,
                error: String(error),
              }),
            );
            break;
          }
        }
      }),
    ),
  );

  const confirmations = [
    ...(reported.length > 0
      ? [
          db
            .update(stripeMeterReports)
            .set({ status: "reported", reportedAt: new Date(), lastError: null })
            .where(inArray(stripeMeterReports.identifier, reported)),
        ]
      : []),
    ...[...failures].map(([lastError, identifiers]) =>
      db
        .update(stripeMeterReports)
        .set({ status: "failed", lastError })
        .where(inArray(stripeMeterReports.identifier, identifiers)),
    ),
  ];
  for (const update of confirmations) await update;
  const failed = [...failures.values()].reduce((n, list) => n + list.length, 0);
  return { reported: reported.length, failed, outage };
}
