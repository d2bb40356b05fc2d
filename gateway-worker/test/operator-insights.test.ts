// The operator console's platform-wide reads against real Postgres: analytics across every
// organization from the same rollups as the organization analytics (equal to the answer from
// raw request_logs), webhook delivery health, queue and dead-letter depth, and revenue at the
// Stripe stand-in's prices. Other test files write to the same database at the same time, so
// each test reads a past hour with no traffic yet (emptyPastHour) or checks its own rows.
import { ApiError } from "@edgegate/shared/errors";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  billingReconciliations,
  billingSubscriptions,
  stripeMeterReports,
} from "../src/db/schema/billing.ts";
import { deadLetterEvents } from "../src/db/schema/dead-letters.ts";
import { organizations } from "../src/db/schema/organizations.ts";
import { webhookDeliveries, webhookEvents, webhooks } from "../src/db/schema/webhooks.ts";
import { queryStatusBreakdown } from "../src/services/analytics/breakdowns.ts";
import {
  analyticsRangeSchema,
  parseAnalyticsQuery,
  timeSeriesQuerySchema,
  topQuerySchema,
} from "../src/services/analytics/index.ts";
import { queryPlatformTopEndpoints, queryTopOrganizations } from "../src/services/analytics/platform.ts";
import { ALL_ORGANIZATIONS, rawTotalRows } from "../src/services/analytics/rollup-source.ts";
import { querySummary } from "../src/services/analytics/summary.ts";
import { queryTimeSeries } from "../src/services/analytics/time-series.ts";
import { queryRevenue } from "../src/services/billing/revenue.ts";
import { queryQueueDepth } from "../src/services/queue-depth.ts";
import { queryWebhookHealth } from "../src/services/webhooks/health.ts";
import { createTestKey, services } from "./helpers.ts";
import { deliver, emptyPastHour, makeEvent } from "./pipeline-helpers.ts";

const HOUR = 3_600_000;
const db = () => services().database.db;
const iso = (ms: number) => new Date(ms).toISOString();

describe("platform analytics", () => {
  it("sums every organization's rollups: summary, series, status codes, top organizations and endpoints", async () => {
    const busy = await createTestKey({ plan: "PRO" });
    const quiet = await createTestKey({ plan: "FREE" });
    const start = await emptyPastHour();
    const events = [
      ...Array.from({ length: 30 }, (_, i) =>
        makeEvent(busy, {
          at: start + i * 60_000 + 5_000,
          status: i % 10 === 0 ? 503 : 200,
          path: i % 3 === 0 ? "/v1/orders" : "/v1/users",
          failOpen: i === 7,
          latencyMs: 20 + i,
        }),
      ),
      ...Array.from({ length: 6 }, (_, i) =>
        makeEvent(quiet, { at: start + i * 300_000 + 9_000, status: i < 2 ? 429 : 200, path: "/v1/users" }),
      ),
    ];
    expect((await deliver(events)).acked).toBe(events.length);
    const range = { from: iso(start), to: iso(start + HOUR) };

    const summary = await querySummary(
      db(),
      ALL_ORGANIZATIONS,
      parseAnalyticsQuery(analyticsRangeSchema, range),
    );
    expect(summary.current).toMatchObject({ totalRequests: 36, errorCount: 5, failOpenCount: 1 });
    // The same numbers computed from raw request_logs (the bench's check of the rollups).
    const raw = await querySummary(
      db(),
      ALL_ORGANIZATIONS,
      parseAnalyticsQuery(analyticsRangeSchema, range),
      rawTotalRows,
    );
    expect(summary.current).toEqual(raw.current);

    const series = await queryTimeSeries(
      db(),
      ALL_ORGANIZATIONS,
      parseAnalyticsQuery(timeSeriesQuerySchema, { ...range, granularity: "minute" }),
    );
    expect(series.points).toHaveLength(60);
    expect(series.points.reduce((sum, p) => sum + p.requests, 0)).toBe(36);

    const statuses = await queryStatusBreakdown(
      db(),
      ALL_ORGANIZATIONS,
      parseAnalyticsQuery(analyticsRangeSchema, range),
    );
    expect(statuses.byCode).toEqual([
      { status: 200, requests: 31 },
      { status: 429, requests: 2 },
      { status: 503, requests: 3 },
    ]);

    const top = parseAnalyticsQuery(topQuerySchema, { ...range, limit: "5" });
    const orgs = await queryTopOrganizations(db(), top);
    expect(orgs.map((o) => [o.organizationId, o.requests, o.errors, o.failOpen])).toEqual([
      [busy.organizationId, 30, 3, 1],
      [quiet.organizationId, 6, 2, 0],
    ]);
    expect(orgs[0]).toMatchObject({ name: "Test org", plan: "PRO" });

    const endpoints = await queryPlatformTopEndpoints(db(), top);
    // Two organizations' /v1/users are two endpoints, each with its organization.
    expect(endpoints.map((e) => [e.organizationId, e.method, e.path, e.requests])).toEqual([
      [busy.organizationId, "GET", "/v1/users", 20],
      [busy.organizationId, "GET", "/v1/orders", 10],
      [quiet.organizationId, "GET", "/v1/users", 6],
    ]);
  });
});

describe("webhook health and queue depth", () => {
  it("counts delivery outcomes in a range, lists failing and disabled endpoints by host only", async () => {
    const { organizationId } = await createTestKey();
    const start = await emptyPastHour();
    const failingId = `wh_${crypto.randomUUID()}`;
    const disabledId = `wh_${crypto.randomUUID()}`;
    await db()
      .insert(webhooks)
      .values([
        {
          id: failingId,
          organizationId,
          url: "https://hooks.failing.example/receive?token=secret",
          eventTypes: [],
          secretCiphertext: "k1:x",
          consecutiveFailures: 1_000_000,
          failingSince: new Date(start),
        },
        {
          id: disabledId,
          organizationId,
          url: "https://hooks.disabled.example/x",
          eventTypes: [],
          secretCiphertext: "k1:x",
          enabled: false,
          disabledAt: new Date(start),
          disabledReason: "No successful delivery for 5 days",
        },
      ]);
    // One outbox event per delivery ((endpoint, event) is unique); the first never dispatched.
    const statuses = ["succeeded", "succeeded", "succeeded", "failed", "pending"] as const;
    const eventIds = statuses.map(() => `evt_${crypto.randomUUID()}`);
    await db()
      .insert(webhookEvents)
      .values(
        eventIds.map((id, i) => ({
          id,
          organizationId,
          type: "api_key.created",
          payload: { type: "api_key.created", timestamp: iso(start), data: {} },
          cause: "test",
          createdAt: new Date(start),
          dispatchedAt: i === 0 ? null : new Date(start),
        })),
      );
    await db()
      .insert(webhookDeliveries)
      .values(
        statuses.map((status, i) => ({
          id: `whd_${crypto.randomUUID()}`,
          webhookId: i % 2 ? failingId : disabledId,
          organizationId,
          eventId: eventIds[i] as string,
          eventType: "api_key.created",
          status,
          attempts: status === "pending" ? 2 : 1,
          createdAt: new Date(start + i * 60_000),
        })),
      );

    const health = await queryWebhookHealth(db(), {
      from: new Date(start),
      to: new Date(start + HOUR),
      limit: 100,
    });
    expect(health.deliveries).toEqual({ succeeded: 3, failed: 1, pending: 1, successRate: 0.75 });
    expect(health.endpoints.disabled).toBeGreaterThanOrEqual(1);
    expect(health.endpoints.failing).toBeGreaterThanOrEqual(1);
    expect(health.backlog.pending).toBeGreaterThanOrEqual(1);
    expect(health.backlog.retrying).toBeGreaterThanOrEqual(1);
    const mine = health.problemEndpoints.filter((e) => e.organizationId === organizationId);
    expect(mine).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ webhookId: failingId, host: "hooks.failing.example", enabled: true }),
        expect.objectContaining({
          webhookId: disabledId,
          enabled: false,
          disabledReason: "No successful delivery for 5 days",
        }),
      ]),
    );
    expect(JSON.stringify(health)).not.toContain("token=secret");

    // The undispatched outbox row (the first event was never dispatched) is counted.
    const depth = await queryQueueDepth(db());
    expect(depth.outbox.undispatched).toBeGreaterThanOrEqual(1);
  });

  it("counts unreplayed dead letters per queue and kind", async () => {
    const queue = `test-queue-${crypto.randomUUID()}`;
    const receivedAt = new Date(Date.now() - HOUR);
    await db()
      .insert(deadLetterEvents)
      .values([
        { queue, kind: "dead_letter", messageId: "m1", reason: "exhausted", receivedAt },
        { queue, kind: "dead_letter", messageId: "m2", reason: "exhausted" },
        { queue, kind: "malformed", messageId: "m3", reason: "bad json" },
        { queue, kind: "dead_letter", messageId: "m4", reason: "exhausted", replayedAt: new Date() },
      ]);
    const depth = await queryQueueDepth(db());
    expect(depth.deadLetters.filter((d) => d.queue === queue)).toEqual([
      { queue, kind: "dead_letter", count: 2, oldestAt: receivedAt.toISOString() },
      { queue, kind: "malformed", count: 1, oldestAt: expect.any(String) },
    ]);
  });
});

describe("revenue", () => {
  async function subscribedOrg(plan: "STARTER" | "PRO", status: "active" | "past_due" | "trialing") {
    const { organizationId } = await createTestKey({ plan });
    const customer = `cus_${crypto.randomUUID()}`;
    await db()
      .update(organizations)
      .set({ stripeCustomerId: customer, subscriptionStatus: status })
      .where(sql`id = ${organizationId}`);
    await db()
      .insert(billingSubscriptions)
      .values({
        organizationId,
        stripeSubscriptionId: `sub_${crypto.randomUUID()}`,
        stripeCustomerId: customer,
        status,
        plan,
        priceIds: [],
      });
    return organizationId;
  }

  it("prices MRR by plan, overage reported this period, past-due organizations and open reconciliation differences", async () => {
    const pastDue = await subscribedOrg("PRO", "past_due");
    const active = await subscribedOrg("STARTER", "active");
    await subscribedOrg("PRO", "trialing");
    const now = Date.now();
    const monthStart = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), 1);
    await db()
      .insert(stripeMeterReports)
      .values([
        {
          identifier: `r_${crypto.randomUUID()}`,
          organizationId: active,
          eventName: "e",
          windowStart: new Date(monthStart),
          windowEnd: new Date(monthStart + HOUR),
          quantity: 1_000,
          status: "reported",
        },
        {
          identifier: `r_${crypto.randomUUID()}`,
          organizationId: active,
          eventName: "e",
          windowStart: new Date(monthStart + HOUR),
          windowEnd: new Date(monthStart + 2 * HOUR),
          quantity: 50,
          status: "failed",
        },
        // Last month's report is not this period's overage.
        {
          identifier: `r_${crypto.randomUUID()}`,
          organizationId: active,
          eventName: "e",
          windowStart: new Date(monthStart - HOUR),
          windowEnd: new Date(monthStart),
          quantity: 9_999,
          status: "reported",
        },
      ]);
    const difference = {
      at: iso(monthStart),
      ledgerRequests: 10,
      rollupRequests: 9,
      usageRecordRequests: null,
      expectedOverage: 0,
      reportedOverage: 0,
      stripeOverage: null,
    };
    const reconciliation = (status: "ok" | "mismatch", createdAt: Date) => ({
      id: `rec_${crypto.randomUUID()}`,
      organizationId: pastDue,
      windowStart: new Date(monthStart),
      windowEnd: new Date(monthStart + HOUR),
      status,
      ledgerRequests: 10,
      usageRecordRequests: 10,
      reportedOverage: 0,
      expectedOverage: 0,
      stripeOverage: null,
      differenceCount: status === "ok" ? 0 : 1,
      differences: status === "ok" ? [] : [difference],
      createdAt,
    });
    await db()
      .insert(billingReconciliations)
      .values(reconciliation("mismatch", new Date(now - 60_000)));

    const s = services();
    const revenue = await queryRevenue(s, now);
    expect(revenue.pricesAvailable).toBe(true);
    expect(revenue.currency).toBe("usd");
    const plan = (id: string) => revenue.mrr.byPlan.find((p) => p.plan === id);
    // The stand-in's catalog: Starter $29, Pro $199 a month; trialing counts no MRR.
    expect(plan("PRO")?.mrr).toBe((plan("PRO")?.paying ?? 0) * 19_900);
    expect(plan("STARTER")?.mrr).toBe((plan("STARTER")?.paying ?? 0) * 2_900);
    expect(plan("PRO")?.paying).toBeGreaterThanOrEqual(1);
    expect(plan("PRO")?.trialing).toBeGreaterThanOrEqual(1);
    expect(revenue.overage.byOrganization.find((o) => o.organizationId === active)).toEqual({
      organizationId: active,
      name: "Test org",
      plan: "STARTER",
      reportedRequests: 1_000,
      unreportedRequests: 50,
      amount: 80, // 1,000 requests at 0.08 cents
    });
    expect(revenue.pastDue.map((o) => o.organizationId)).toContain(pastDue);
    expect(revenue.pastDue.map((o) => o.organizationId)).not.toContain(active);
    expect(revenue.reconciliation.find((r) => r.organizationId === pastDue)?.differences).toEqual([
      difference,
    ]);

    // A later clean run closes the organization's issue.
    await db()
      .insert(billingReconciliations)
      .values(reconciliation("ok", new Date(now)));
    const after = await queryRevenue(s, now);
    expect(after.reconciliation.map((r) => r.organizationId)).not.toContain(pastDue);
  });

  it("still answers counts when Stripe is not configured, with every amount unknown", async () => {
    const s = services();
    const revenue = await queryRevenue({
      database: s.database,
      stripe: { ...s.stripe, planPrices: () => Promise.reject(new ApiError("BILLING_UNAVAILABLE")) },
    });
    expect(revenue.pricesAvailable).toBe(false);
    expect(revenue.mrr.total).toBeNull();
    expect(revenue.mrr.byPlan.find((p) => p.plan === "FREE")?.organizations).toBeGreaterThanOrEqual(1);
  });
});
