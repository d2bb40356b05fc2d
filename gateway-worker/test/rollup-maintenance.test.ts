// Rollup upkeep in the cron handler: minute rollups fold into hours exactly once (twice in a
// row and concurrently), late events still land, and 13-month retention deletes old rollups.
import { LATENCY_BUCKET_COUNT } from "@edgegate/shared/latency";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { usageRollupsHour, usageRollupsMinute } from "../src/db/schema/usage.ts";
import { jobs } from "../src/jobs/index.ts";
import { compactMinuteRollups, deleteExpiredRollups } from "../src/jobs/rollup-maintenance.ts";
import { analyticsRangeSchema, parseAnalyticsQuery } from "../src/services/analytics/index.ts";
import { createTestKey, services, type TestKey } from "./helpers.ts";
import { deliver, makeEvent } from "./pipeline-helpers.ts";

const HOUR = 3_600_000;
const DAY = 86_400_000;

async function rollupsOf(testKey: TestKey) {
  const { db } = services().database;
  return {
    minutes: await db
      .select()
      .from(usageRollupsMinute)
      .where(eq(usageRollupsMinute.organizationId, testKey.organizationId)),
    hours: await db
      .select()
      .from(usageRollupsHour)
      .where(eq(usageRollupsHour.organizationId, testKey.organizationId)),
  };
}

describe("rollup maintenance", () => {
  it("is scheduled: compaction hourly, retention daily", () => {
    // Hourly: compaction, the API-key expiry warnings (webhooks), the quota counters'
    // correction, and billing's overage report and reconciliation.
    expect(jobs["7 * * * *"]).toHaveLength(4);
    expect(jobs["17 3 * * *"]).toContain(deleteExpiredRollups);
  });

  it("folds old minute rollups into hours exactly once, run twice and concurrently", async () => {
    const testKey = await createTestKey();
    const hour = Math.floor((Date.now() - 5 * DAY) / HOUR) * HOUR;
    const events = [
      makeEvent(testKey, { at: hour + 60_000, latencyMs: 3 }),
      makeEvent(testKey, { at: hour + 30 * 60_000, latencyMs: 300, requestBytes: 7 }),
      makeEvent(testKey, { at: hour + 59 * 60_000, status: 503, latencyMs: 90_000 }),
      makeEvent(testKey, { at: hour + HOUR + 60_000, latencyMs: 3 }),
      // Recent: stays at minute resolution.
      makeEvent(testKey, { at: Date.now() - 60_000 }),
    ];
    await deliver(events);
    expect((await rollupsOf(testKey)).minutes).toHaveLength(5);

    const now = Date.now();
    await Promise.all([compactMinuteRollups(services(), now), compactMinuteRollups(services(), now)]);
    await compactMinuteRollups(services(), now);
    const { minutes, hours } = await rollupsOf(testKey);
    expect(minutes).toHaveLength(1);
    const ok = hours.find((h) => h.bucket.getTime() === hour && h.status === 200);
    expect(ok).toMatchObject({ requestCount: 2, latencySumMs: 303, requestBytes: 107 });
    expect(ok?.latencyHistogram).toHaveLength(LATENCY_BUCKET_COUNT);
    expect(ok?.latencyHistogram.reduce((a, b) => a + b, 0)).toBe(2);
    expect(hours.find((h) => h.status === 503)).toMatchObject({ requestCount: 1, errorCount: 1 });
    expect(hours.find((h) => h.bucket.getTime() === hour + HOUR)).toMatchObject({ requestCount: 1 });
    expect(hours.reduce((sum, h) => sum + h.requestCount, 0)).toBe(4);
    // Analytics read minute and hour rows together: compaction changes no answer.
    const summary = await services().analytics.summary(
      testKey.organizationId,
      parseAnalyticsQuery(analyticsRangeSchema, {
        from: new Date(hour - HOUR).toISOString(),
        to: new Date(Date.now() + HOUR).toISOString(),
      }),
    );
    expect(summary.current).toMatchObject({ totalRequests: 5, errorCount: 1, requestBytes: 407 });

    // A late event for a compacted hour becomes a minute row, and the next run adds it in.
    await deliver([makeEvent(testKey, { at: hour + 10 * 60_000, latencyMs: 3 })]);
    await compactMinuteRollups(services(), Date.now());
    const after = await rollupsOf(testKey);
    const okAfter = after.hours.find((h) => h.bucket.getTime() === hour && h.status === 200);
    expect(okAfter).toMatchObject({ requestCount: 3, latencySumMs: 306 });
    expect(okAfter?.latencyHistogram[0]).toBe(0);
    expect(okAfter?.latencyHistogram.reduce((a, b) => a + b, 0)).toBe(3);
  });

  it("deletes rollups older than 13 months, twice and concurrently", async () => {
    const testKey = await createTestKey();
    const { db } = services().database;
    const row = (bucket: Date) => ({
      organizationId: testKey.organizationId,
      apiKeyId: testKey.keyId,
      bucket,
      method: "GET",
      path: "/v1/orders",
      status: 200,
      requestCount: 1,
      latencyHistogram: new Array(LATENCY_BUCKET_COUNT).fill(0),
    });
    const old = new Date(Date.now() - 400 * DAY);
    const kept = new Date(Date.now() - 380 * DAY);
    await db.insert(usageRollupsHour).values([row(old), row(kept)]);
    await db.insert(usageRollupsMinute).values([row(old)]);
    const now = Date.now();
    await Promise.all([deleteExpiredRollups(services(), now), deleteExpiredRollups(services(), now)]);
    await deleteExpiredRollups(services(), now);
    const { minutes, hours } = await rollupsOf(testKey);
    expect(minutes).toHaveLength(0);
    expect(hours.map((h) => h.bucket)).toEqual([kept]);
    expect(
      await db
        .select()
        .from(usageRollupsHour)
        .where(
          and(eq(usageRollupsHour.organizationId, testKey.organizationId), eq(usageRollupsHour.bucket, old)),
        ),
    ).toHaveLength(0);
  });
});
