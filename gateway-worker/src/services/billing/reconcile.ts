// Reconciliation: for each billed organization, the closed hours of the current period are
// compared across five sources — the ledger's billable requests (per-key hour totals), the
// analytics' detail rollups (minute/hour rows, written by the same consumer statement), the
// monthly usage record (the quota counter's source), the overage reported to Stripe
// (stripe_meter_reports) and what Stripe's meter holds (its event summaries). Every hour where
// ledger and rollups, or expected, reported and Stripe's overage disagree, and a month-to-date
// ledger/usage-record mismatch, is a difference: written to billing_reconciliations (shown in the billing overview) and logged as
// `billing_reconciliation` so `wrangler tail --search billing_reconciliation` finds it.
import { and, eq, gte, lt } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import type { Services } from "../../context.ts";
import {
  type BillingReconciliation,
  billingReconciliations,
  type ReconciliationDifference,
  stripeMeterReports,
} from "../../db/schema/billing.ts";
import { usageRecords } from "../../db/schema/usage.ts";
import { billableTotal } from "./ledger.ts";
import { isStripeOutage } from "./stripe.ts";
import { detailRollupBillableByHour } from "./usage.ts";
import { type BilledOrganization, billedOrganizations, closedUntil, hourlyOverage } from "./usage-report.ts";

type ReconcileServices = Pick<Services, "database" | "stripe" | "config">;

const iso = (ms: number) => new Date(ms).toISOString();

export async function reconcileBilling(
  services: ReconcileServices,
  now = Date.now(),
): Promise<BillingReconciliation[]> {
  const results: BillingReconciliation[] = [];
  for (const org of await billedOrganizations(services))
    results.push(await reconcileOrganization(services, org, now));
  return results;
}

export async function reconcileOrganization(
  services: ReconcileServices,
  org: BilledOrganization,
  now = Date.now(),
): Promise<BillingReconciliation> {
  const to = closedUntil(now);
  const month = new Date(to - 1);
  const from = Date.UTC(month.getUTCFullYear(), month.getUTCMonth(), 1);
  const { db } = services.database;
  const [ledger, rollups, reports, usageRecord, stripe] = await Promise.all([
    hourlyOverage(services, org, from, to),
    detailRollupBillableByHour(services, org.id, new Date(from), new Date(to)),
    db
      .select()
      .from(stripeMeterReports)
      .where(
        and(
          eq(stripeMeterReports.organizationId, org.id),
          gte(stripeMeterReports.windowStart, new Date(from)),
          lt(stripeMeterReports.windowStart, new Date(to)),
        ),
      ),
    db
      .select({ requests: usageRecords.requestCount })
      .from(usageRecords)
      .where(
        and(eq(usageRecords.organizationId, org.id), eq(usageRecords.periodStart, iso(from).slice(0, 10))),
      ),
    to > from
      ? services.stripe
          .meterSummaries(org.stripeCustomerId, from / 1000, to / 1000)
          .catch((error: unknown) => {
            // Stripe's side is compared when Stripe answers; the rest is still worth recording.
            if (isStripeOutage(error)) return null;
            throw error;
          })
      : Promise.resolve(new Map<number, number>()),
  ]);
  const reported = new Map<number, number>();
  for (const row of reports) {
    if (row.status === "reported") reported.set(row.windowStart.getTime(), row.quantity);
  }
  const hours = new Set<number>([
    ...ledger.keys(),
    ...rollups.keys(),
    ...reported.keys(),
    ...[...(stripe?.entries() ?? [])].filter(([, value]) => value !== 0).map(([second]) => second * 1000),
  ]);
  const differences: ReconciliationDifference[] = [];
  let ledgerRequests = 0;
  let expectedOverage = 0;
  let reportedOverage = 0;
  let stripeOverage: number | null = stripe ? 0 : null;
  for (const hour of [...hours].sort((a, b) => a - b)) {
    const expected = ledger.get(hour)?.overage ?? 0;
    const sent = reported.get(hour) ?? 0;
    const atStripe = stripe ? (stripe.get(hour / 1000) ?? 0) : null;
    ledgerRequests += ledger.get(hour)?.billable ?? 0;
    expectedOverage += expected;
    reportedOverage += sent;
    if (stripeOverage !== null && atStripe !== null) stripeOverage += atStripe;
    const billable = ledger.get(hour)?.billable ?? 0;
    const inRollups = rollups.get(hour) ?? 0;
    if (billable !== inRollups || expected !== sent || (atStripe !== null && atStripe !== sent)) {
      differences.push({
        at: iso(hour),
        ledgerRequests: billable,
        rollupRequests: inRollups,
        usageRecordRequests: null,
        expectedOverage: expected,
        reportedOverage: sent,
        stripeOverage: atStripe,
      });
    }
  }
  // The usage record counts the whole month (the open hour too): compare like with like.
  const monthToDate = await billableTotal(services, org.id, {
    from: new Date(from),
    to: new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1)),
  });
  const usageRecordRequests = usageRecord[0]?.requests ?? 0;
  if (usageRecordRequests !== monthToDate) {
    differences.push({
      at: "month-to-date",
      ledgerRequests: monthToDate,
      rollupRequests: null,
      usageRecordRequests,
      expectedOverage: 0,
      reportedOverage: 0,
      stripeOverage: null,
    });
  }
  const [row] = await db
    .insert(billingReconciliations)
    .values({
      id: `rec_${uuidv7()}`,
      organizationId: org.id,
      windowStart: new Date(from),
      windowEnd: new Date(to),
      status: differences.length === 0 ? "ok" : "mismatch",
      ledgerRequests,
      usageRecordRequests,
      reportedOverage,
      expectedOverage,
      stripeOverage,
      differenceCount: differences.length,
      differences,
    })
    .returning();
  if (!row) throw new Error("reconciliation row not written");
  const log = {
    event: "billing_reconciliation",
    organizationId: org.id,
    status: row.status,
    windowStart: iso(from),
    windowEnd: iso(to),
    expectedOverage,
    reportedOverage,
    stripeOverage,
    differences: differences.slice(0, 20),
  };
  if (row.status === "ok") console.log(JSON.stringify(log));
  else console.error(JSON.stringify(log));
  return row;
}
