// Usage reporting and reconciliation against the local Stripe stand-in: each closed hour's
// overage (from the ledger: billable requests over the included quota, capped by the spend cap)
// becomes one meter event; a Stripe outage is healed by the next run and nothing is sent twice
// (checked in the stand-in's meter event summaries, read with the SDK); the reconciliation
// finds planted differences. Also: Stripe down → billing routes 503 + Retry-After, nothing else.
import { env } from "cloudflare:test";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createServices } from "../../src/context.ts";
import { billingReconciliations, stripeMeterReports } from "../../src/db/schema/billing.ts";
import type { LimitsOverride } from "../../src/db/schema/organizations.ts";
import {
  usageRecords,
  usageRollupsHour,
  usageRollupsKeyHour,
  usageRollupsMinute,
} from "../../src/db/schema/usage.ts";
import { applyOrganizationBilling } from "../../src/services/billing/organization-limits.ts";
import { reconcileBilling, reconcileOrganization } from "../../src/services/billing/reconcile.ts";
import { billedOrganizations, reportOverage } from "../../src/services/billing/usage-report.ts";
import { api, createKey, errorOf } from "../admin/helpers.ts";
import { callGateway, services } from "../helpers.ts";
import { control, overview, type PaidOrganization, paidOrganization, stripe } from "./helpers.ts";

const HOUR = 3_600_000;
/**
 * A moment 10 h 10 min into a UTC month that is already past (the current month when it is at
 * least 12 hours old, else the previous one), so the test never depends on today's date and
 * every reported hour lies within Stripe's 35-day window.
 */
function reportingMoment() {
  const back = new Date(Date.now() - 12 * HOUR);
  const base = Date.UTC(back.getUTCFullYear(), back.getUTCMonth(), 1);
  return { base, now: base + 10 * HOUR + 10 * 60_000 };
}

async function billOverage(paid: PaidOrganization, spendCapRequests: number | null = null) {
  await applyOrganizationBilling(
    services(),
    paid.organizationId,
    { overagePolicy: "bill_overage", spendCapRequests },
    { actor: { type: "system", id: null, label: "test" }, request: null },
  );
}

/** An operator's custom limits, as the console sets them (through applyOrganizationBilling). */
async function customLimits(
  paid: PaidOrganization,
  monthlyQuota: number | null,
  expiresAt: number | null = null,
) {
  const limitsOverride: LimitsOverride = {
    requestsPerMinute: 600,
    burst: 100,
    monthlyQuota,
    expiresAt: expiresAt === null ? null : new Date(expiresAt).toISOString(),
  };
  await applyOrganizationBilling(
    services(),
    paid.organizationId,
    { limitsOverride },
    { actor: { type: "system", id: null, label: "test" }, request: null },
  );
}

/**
 * Billable requests for `hour`, written as the consumer writes them: the ledger's per-key hour
 * total and the detail row (minute rows for recent data). `only` plants one side: a drift.
 */
async function plant(
  organizationId: string,
  hour: number,
  billable: number,
  table: "minute" | "hour" = "hour",
  only?: "ledger" | "detail",
) {
  const { db } = services().database;
  if (only !== "detail") {
    await db
      .insert(usageRollupsKeyHour)
      .values({
        organizationId,
        apiKeyId: "",
        bucket: new Date(hour),
        requestCount: billable,
        billableCount: billable,
        latencyHistogram: [],
      })
      .onConflictDoUpdate({
        target: [
          usageRollupsKeyHour.organizationId,
          usageRollupsKeyHour.bucket,
          usageRollupsKeyHour.apiKeyId,
        ],
        set: { billableCount: sql`${usageRollupsKeyHour.billableCount} + ${billable}` },
      });
  }
  if (only === "ledger") return;
  await db.insert(table === "hour" ? usageRollupsHour : usageRollupsMinute).values({
    organizationId,
    apiKeyId: "",
    bucket: new Date(hour + (table === "minute" ? 60_000 : 0)),
    method: "GET",
    path: `/planted/${crypto.randomUUID()}`,
    status: 200,
    requestCount: billable,
    billableCount: billable,
    latencyHistogram: [],
  });
}

async function plantUsageRecord(organizationId: string, month: number, requests: number) {
  await services()
    .database.db.insert(usageRecords)
    .values({
      organizationId,
      periodStart: new Date(month).toISOString().slice(0, 10),
      requestCount: requests,
    })
    .onConflictDoUpdate({
      target: [usageRecords.organizationId, usageRecords.periodStart],
      set: { requestCount: requests },
    });
}

async function stripeHours(customer: string, from: number, to: number) {
  const summaries = await stripe.billing.meters.listEventSummaries("mtr_edgegate_requests", {
    customer,
    start_time: from / 1000,
    end_time: to / 1000,
    value_grouping_window: "hour",
    limit: 100,
  });
  return Object.fromEntries(
    summaries.data
      .filter((s) => s.aggregated_value > 0)
      .map((s) => [(s.start_time * 1000 - from) / HOUR, s.aggregated_value]),
  );
}

const reportsOf = (organizationId: string) =>
  services()
    .database.db.select()
    .from(stripeMeterReports)
    .where(eq(stripeMeterReports.organizationId, organizationId));

describe("usage reporting", () => {
  it("reports each closed hour's overage once; an outage is healed by the next run, never sent twice", async () => {
    const paid = await paidOrganization("STARTER"); // 100,000 included requests
    await billOverage(paid);
    const { base, now } = reportingMoment();
    await plant(paid.organizationId, base, 60_000);
    await plant(paid.organizationId, base + HOUR, 50_000); // crosses the quota: 10,000 over
    await plant(paid.organizationId, base + 2 * HOUR, 5_000);
    await plant(paid.organizationId, base + 11 * HOUR, 7_000); // not closed at `now`

    // Stripe is down for this Worker's key: nothing is confirmed. Every hour's row is written
    // before anything is sent (one insert per batch): the hour tried waits as failed, the next as
    // pending, and the next run sends both with the quantities stored.
    const downKey = `sk_test_outage_${crypto.randomUUID().replaceAll("-", "")}`;
    const down = createServices({ ...env, STRIPE_SECRET_KEY: downKey });
    await control("outage", { secret_key: downKey, down: "true" });
    const failed = await reportOverage(down, now);
    expect(failed.failed).toBeGreaterThanOrEqual(1);
    expect(
      (await reportsOf(paid.organizationId))
        .sort((a, b) => a.windowStart.getTime() - b.windowStart.getTime())
        .map((r) => r.status),
    ).toEqual(["failed", "pending"]);
    expect(await stripeHours(paid.customerId, base, base + 12 * HOUR)).toEqual({});

    // Back up: the next run reports the missing hours.
    await control("outage", { secret_key: downKey, down: "false" });
    await reportOverage(down, now);
    const reports = await reportsOf(paid.organizationId);
    expect(reports.map((r) => [r.windowStart.getTime() - base, r.quantity, r.status]).sort()).toEqual(
      [
        [HOUR, 10_000, "reported"],
        [2 * HOUR, 5_000, "reported"],
      ].sort(),
    );
    expect(await stripeHours(paid.customerId, base, base + 12 * HOUR)).toEqual({ 1: 10_000, 2: 5_000 });

    // Again, and with a confirmation lost after Stripe recorded the event: still once at Stripe.
    await reportOverage(services(), now);
    await services()
      .database.db.update(stripeMeterReports)
      .set({ status: "pending" })
      .where(eq(stripeMeterReports.identifier, reports[0]?.identifier as string));
    await reportOverage(services(), now);
    expect(await stripeHours(paid.customerId, base, base + 12 * HOUR)).toEqual({ 1: 10_000, 2: 5_000 });
    expect((await reportsOf(paid.organizationId)).every((r) => r.status === "reported")).toBe(true);
  });

  it("stops at the spend cap and bills nothing under hard_cap", async () => {
    const capped = await paidOrganization("STARTER");
    await billOverage(capped, 12_000);
    const hardCap = await paidOrganization("STARTER");
    const { base, now } = reportingMoment();
    for (const org of [capped, hardCap]) {
      await plant(org.organizationId, base, 105_000);
      await plant(org.organizationId, base + HOUR, 20_000);
    }
    expect((await billedOrganizations(services())).map((o) => o.id)).not.toContain(hardCap.organizationId);
    await reportOverage(services(), now);
    expect(await stripeHours(capped.customerId, base, base + 10 * HOUR)).toEqual({ 0: 5_000, 1: 7_000 });
    expect(await stripeHours(hardCap.customerId, base, base + 10 * HOUR)).toEqual({});
  });
});

describe("usage reporting under an operator's custom limits", () => {
  it("bills against the override's quota: a raised one bills nothing the plan would have, a lowered one bills more, none bills nothing", async () => {
    const [raised, lowered, unlimited] = [
      await paidOrganization("STARTER"), // the plan includes 100,000 requests
      await paidOrganization("STARTER"),
      await paidOrganization("STARTER"),
    ];
    await customLimits(raised, 200_000);
    await customLimits(lowered, 50_000);
    await customLimits(unlimited, null);
    const { base, now } = reportingMoment();
    for (const org of [raised, lowered, unlimited]) {
      await billOverage(org);
      await plant(org.organizationId, base, 120_000);
      await plant(org.organizationId, base + HOUR, 5_000);
    }
    await reportOverage(services(), now);
    expect(await stripeHours(raised.customerId, base, base + 10 * HOUR)).toEqual({});
    expect(await stripeHours(lowered.customerId, base, base + 10 * HOUR)).toEqual({ 0: 70_000, 1: 5_000 });
    expect(await stripeHours(unlimited.customerId, base, base + 10 * HOUR)).toEqual({});
  });

  it("an override that expires mid-month: the hours before its expiry against its quota, the hours after against the plan's", async () => {
    const raisedUntil = await paidOrganization("STARTER");
    const loweredUntil = await paidOrganization("STARTER");
    const { base, now } = reportingMoment();
    // Expires inside hour 2: hour 2 (begun under the override) is still billed against it.
    await customLimits(raisedUntil, 200_000, base + 2 * HOUR + 30 * 60_000);
    await customLimits(loweredUntil, 50_000, base + 2 * HOUR + 30 * 60_000);
    for (const org of [raisedUntil, loweredUntil]) {
      await billOverage(org);
      await plant(org.organizationId, base, 90_000);
      await plant(org.organizationId, base + HOUR, 60_000); // 150,000: over the plan, within 200,000
      await plant(org.organizationId, base + 2 * HOUR, 10_000);
      await plant(org.organizationId, base + 3 * HOUR, 4_000); // the plan's 100,000 again
      await plant(org.organizationId, base + 4 * HOUR, 1_000);
    }
    await reportOverage(services(), now);
    // Raised: nothing until it ended, then every request is over the plan's quota.
    expect(await stripeHours(raisedUntil.customerId, base, base + 10 * HOUR)).toEqual({ 3: 4_000, 4: 1_000 });
    // Lowered: 40,000 + 60,000 + 10,000 over 50,000 while it ran, then the plan's quota: the
    // 165,000 requests are all over 100,000 too, and nothing billed before is billed again.
    expect(await stripeHours(loweredUntil.customerId, base, base + 10 * HOUR)).toEqual({
      0: 40_000,
      1: 60_000,
      2: 10_000,
      3: 4_000,
      4: 1_000,
    });
    // The reconciliation expects what was billed.
    await plantUsageRecord(raisedUntil.organizationId, base, 165_000);
    const [org] = (await billedOrganizations(services())).filter((o) => o.id === raisedUntil.organizationId);
    if (!org) throw new Error("organization not billed");
    expect(await reconcileOrganization(services(), org, now)).toMatchObject({
      status: "ok",
      expectedOverage: 5_000,
      reportedOverage: 5_000,
      stripeOverage: 5_000,
    });
  });

  it("the billing overview shows the overage the report bills, under the quota in force", async () => {
    // This month's first hour: begun by now whatever the day, and closed at `reportAt`.
    const today = new Date();
    const base = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1);
    const reportAt = base + HOUR + 20 * 60_000;
    const [raised, lowered] = [await paidOrganization("STARTER"), await paidOrganization("STARTER")];
    await customLimits(raised, 200_000);
    await customLimits(lowered, 50_000);
    for (const org of [raised, lowered]) {
      await billOverage(org);
      await plant(org.organizationId, base, 120_000);
    }
    await reportOverage(services(), reportAt);
    const unit = (await stripe.prices.retrieve("price_starter_overage")).unit_amount_decimal;

    const shownRaised = await overview(raised.cookie);
    expect(await stripeHours(raised.customerId, base, base + HOUR)).toEqual({});
    expect(shownRaised.includedQuota).toBe(200_000);
    expect(shownRaised.usage).toEqual({ requests: 120_000, overageRequests: 0 });
    expect(shownRaised.chargeSoFar?.overage).toBe(0);

    const shownLowered = await overview(lowered.cookie);
    expect(await stripeHours(lowered.customerId, base, base + HOUR)).toEqual({ 0: 70_000 });
    expect(shownLowered.includedQuota).toBe(50_000);
    expect(shownLowered.usage).toEqual({ requests: 120_000, overageRequests: 70_000 });
    expect(shownLowered.chargeSoFar?.overage).toBe(Math.round(70_000 * Number(unit)));
  });
});

describe("reconciliation", () => {
  it("agrees when all four sources do, and finds planted differences", async () => {
    const paid = await paidOrganization("STARTER");
    await billOverage(paid);
    const { base, now } = reportingMoment();
    await plant(paid.organizationId, base, 99_000);
    await plant(paid.organizationId, base + HOUR, 3_000, "minute");
    await plantUsageRecord(paid.organizationId, base, 102_000);
    await reportOverage(services(), now);
    const [org] = (await billedOrganizations(services())).filter((o) => o.id === paid.organizationId);
    if (!org) throw new Error("organization not billed");

    const clean = await reconcileOrganization(services(), org, now);
    expect(clean).toMatchObject({
      status: "ok",
      ledgerRequests: 102_000,
      usageRecordRequests: 102_000,
      expectedOverage: 2_000,
      reportedOverage: 2_000,
      stripeOverage: 2_000,
      differenceCount: 0,
    });

    // Planted: 500 late requests in hour 1 after it was reported, a stray meter event at Stripe
    // in hour 2 that this platform never sent, and 7 requests in hour 3 the detail rollups hold
    // but the ledger does not.
    await plant(paid.organizationId, base + HOUR, 500, "minute");
    await plant(paid.organizationId, base + 3 * HOUR, 7, "minute", "detail");
    await stripe.billing.meterEvents.create({
      event_name: "edgegate_requests",
      identifier: `stray-${crypto.randomUUID()}`,
      timestamp: (base + 2 * HOUR) / 1000 + 30,
      payload: { stripe_customer_id: paid.customerId, value: "42" },
    });
    const [found] = (await reconcileBilling(services(), now)).filter(
      (r) => r.organizationId === paid.organizationId,
    );
    expect(found?.status).toBe("mismatch");
    expect(found?.differences).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          at: new Date(base + HOUR).toISOString(),
          ledgerRequests: 3_500,
          expectedOverage: 2_500,
          reportedOverage: 2_000,
          stripeOverage: 2_000,
        }),
        expect.objectContaining({
          at: new Date(base + 2 * HOUR).toISOString(),
          expectedOverage: 0,
          stripeOverage: 42,
        }),
        expect.objectContaining({
          at: "month-to-date",
          ledgerRequests: 102_500,
          usageRecordRequests: 102_000,
        }),
      ]),
    );
    const stored = await services()
      .database.db.select()
      .from(billingReconciliations)
      .where(eq(billingReconciliations.organizationId, paid.organizationId));
    expect(stored.map((r) => r.status).sort()).toEqual(["mismatch", "ok"]);
    const overview = await api("/billing", { cookie: paid.cookie });
    expect(((await overview.json()) as { lastReconciliation: unknown }).lastReconciliation).toMatchObject({
      status: "mismatch",
      differenceCount: 4,
    });
  });
});

describe("Stripe down", () => {
  it("billing routes answer 503 with Retry-After; the other admin routes and the gateway are unaffected", async () => {
    const paid = await paidOrganization("PRO");
    const { key } = await createKey(paid.cookie);
    const downKey = `sk_test_routes_${crypto.randomUUID().replaceAll("-", "")}`;
    await control("outage", { secret_key: downKey, down: "true" });
    try {
      const stripeDown = { STRIPE_SECRET_KEY: downKey };
      for (const [path, init] of [
        ["/billing", {}],
        ["/billing/invoices", {}],
        ["/billing/checkout", { body: { plan: "STARTER" } }],
        ["/billing/portal", { method: "POST" }],
      ] as const) {
        const response = await api(path, { cookie: paid.cookie, env: stripeDown, ...init });
        if (path === "/billing/checkout") {
          // A live subscription is refused before Stripe is asked.
          expect(response.status).toBe(409);
          continue;
        }
        expect(response.status, path).toBe(503);
        expect(response.headers.get("Retry-After")).toBe("30");
        expect((await errorOf(response)).code).toBe("BILLING_UNAVAILABLE");
      }
      expect((await api("/organization", { cookie: paid.cookie, env: stripeDown })).status).toBe(200);
      expect((await api("/keys", { cookie: paid.cookie, env: stripeDown })).status).toBe(200);
      const gateway = await callGateway("/v1/echo", { key }, { ...stripeDown, REDIS_TIMEOUT_MS: "2000" });
      expect(gateway.status).toBe(200);
    } finally {
      await control("outage", { secret_key: downKey, down: "false" });
    }
  });

  it("a webhook that cannot reach Stripe answers 503, stays unrecorded, and applies on Stripe's retry", async () => {
    const paid = await paidOrganization("PRO");
    await control(`subscriptions/${paid.subscriptionId}/cancel`);
    const downKey = `sk_test_hook_${crypto.randomUUID().replaceAll("-", "")}`;
    await control("outage", { secret_key: downKey, down: "true" });
    const { deliveriesFor } = await import("./helpers.ts");
    const [deleted] = (await deliveriesFor(paid.customerId)).filter((d) => d.seq > paid.lastSeq);
    if (!deleted) throw new Error("no deletion event");
    const post = (overrides: Partial<Env>) =>
      api("/billing/stripe/webhook", {
        rawBody: deleted.payload,
        contentType: "application/json",
        origin: null,
        headers: { "Stripe-Signature": deleted.signature },
        env: overrides,
      });
    const refused = await post({ STRIPE_SECRET_KEY: downKey });
    expect(refused.status).toBe(503);
    await control("outage", { secret_key: downKey, down: "false" });
    const applied = await post({});
    expect(await applied.json()).toEqual({ received: true, outcome: "applied" });
  });
});

describe("billing routes: hostile input", () => {
  it("refuses bad bodies and queries with the field named", async () => {
    const paid = await paidOrganization("STARTER");
    for (const body of [
      { plan: "FREE" },
      { plan: "ENTERPRISE" },
      { plan: "PRO", extra: 1 },
      {},
      { plan: ["PRO"] },
    ]) {
      const response = await api("/billing/checkout", { cookie: paid.cookie, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
    expect(
      (
        await api("/billing/checkout", {
          cookie: paid.cookie,
          rawBody: "plan=PRO",
          contentType: "text/plain",
        })
      ).status,
    ).toBe(415);
    expect(
      (await api("/billing/checkout", { cookie: paid.cookie, rawBody: `{"plan":"${"P".repeat(70_000)}"}` }))
        .status,
    ).toBe(413);
    for (const limit of ["0", "101", "1e2", "0x10", " 5", "-1"]) {
      const response = await api(`/billing/invoices?limit=${encodeURIComponent(limit)}`, {
        cookie: paid.cookie,
      });
      expect(response.status, limit).toBe(400);
      expect((await errorOf(response)).fields?.[0]?.path).toBe("limit");
    }
    expect((await api("/billing", {})).status).toBe(401);
  });
});
