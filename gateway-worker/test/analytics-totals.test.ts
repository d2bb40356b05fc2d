// The key-hour totals tier (usage_rollups_key_hour): the consumer keeps it equal to the detail
// rollups (redeliveries included), compaction leaves it alone, retention deletes it, and the
// summary and time series read from it give exactly the answer computed from raw request_logs
// (rawTotalRows) — with range edges inside hours and a key filter too.
import { LATENCY_BUCKET_COUNT } from "@edgegate/shared/latency";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { apiKeys } from "../src/db/schema/api-keys.ts";
import { usageRollupsKeyHour } from "../src/db/schema/usage.ts";
import { compactMinuteRollups, deleteExpiredRollups } from "../src/jobs/rollup-maintenance.ts";
import {
  analyticsRangeSchema,
  parseAnalyticsQuery,
  timeSeriesQuerySchema,
} from "../src/services/analytics/index.ts";
import { rawTotalRows } from "../src/services/analytics/rollup-source.ts";
import { querySummary } from "../src/services/analytics/summary.ts";
import { queryTimeSeries } from "../src/services/analytics/time-series.ts";
import { createTestKey, services, type TestKey } from "./helpers.ts";
import { deliver, makeEvent } from "./pipeline-helpers.ts";

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

const iso = (ms: number) => new Date(ms).toISOString();
const db = () => services().database.db;

async function addKey(owner: TestKey): Promise<TestKey> {
  const keyId = `key_${crypto.randomUUID()}`;
  await db()
    .insert(apiKeys)
    .values({
      id: keyId,
      organizationId: owner.organizationId,
      name: keyId,
      keyHash: crypto.randomUUID(),
      displayPrefix: "ak_test",
      scopes: ["*"],
    });
  return { ...owner, keyId };
}

/** Events over the last `hours` hours, every few minutes, varied status and latency. */
function traffic(testKey: TestKey, end: number, hours: number) {
  return Array.from({ length: hours * 6 }, (_, i) =>
    makeEvent(testKey, {
      at: end - hours * HOUR + i * 10 * MINUTE + 17_000,
      status: [200, 200, 201, 404, 429, 503][i % 6] as number,
      rateLimitOutcome: i % 6 === 4 ? "rate_limited" : "allowed",
      latencyMs: [1, 4, 35, 180, 950, 12_000, 70_000][i % 7] as number,
      requestBytes: i,
      path: i % 2 ? "/v1/orders" : "/v1/users",
    }),
  );
}

async function detailVersusKeyHour(organizationId: string) {
  const result = await db().execute<{ detail: string; totals: string }>(sql`
    select
      (select coalesce(sum(request_count), 0) from usage_rollups_minute where organization_id = ${organizationId})
        + (select coalesce(sum(request_count), 0) from usage_rollups_hour where organization_id = ${organizationId})
        as detail,
      (select coalesce(sum(request_count), 0) from usage_rollups_key_hour where organization_id = ${organizationId})
        as totals`);
  return { detail: Number(result.rows[0]?.detail), totals: Number(result.rows[0]?.totals) };
}

describe("key-hour totals", () => {
  it("count each event once, redelivered or overlapping, one row per key and hour", async () => {
    const testKey = await createTestKey();
    const end = Math.floor(Date.now() / HOUR) * HOUR;
    const events = traffic(testKey, end, 3);
    await deliver(events.slice(0, 12));
    await deliver(events.slice(6)); // overlaps the first batch
    await deliver(events.slice(0, 12)); // redelivered
    expect(await detailVersusKeyHour(testKey.organizationId)).toEqual({ detail: 18, totals: 18 });
    const rows = await db()
      .select()
      .from(usageRollupsKeyHour)
      .where(eq(usageRollupsKeyHour.organizationId, testKey.organizationId));
    expect(rows.map((r) => r.bucket.getTime()).sort()).toEqual([end - 3 * HOUR, end - 2 * HOUR, end - HOUR]);
    expect(rows.every((r) => r.requestCount === 6 && r.apiKeyId === testKey.keyId)).toBe(true);
    expect(rows.reduce((sum, r) => sum + r.latencyHistogram.reduce((a, b) => a + b, 0), 0)).toBe(18);
  });

  it("give the summary and time series computed from raw rows, edges inside hours included", async () => {
    const testKey = await createTestKey();
    const other = await addKey(testKey);
    const end = Math.floor(Date.now() / HOUR) * HOUR;
    await deliver(traffic(testKey, end, 10));
    await deliver(traffic(other, end, 10));

    const cases = [
      { from: end - 10 * HOUR, to: end }, // whole hours
      { from: end - 7 * HOUR - 23 * MINUTE, to: end - 2 * HOUR + 41 * MINUTE }, // edges inside hours
      { from: end - 5 * HOUR + 5 * MINUTE, to: end - 5 * HOUR + 50 * MINUTE }, // inside one hour
    ];
    for (const { from, to } of cases) {
      for (const keyId of [undefined, other.keyId]) {
        const input = { from: iso(from), to: iso(to), ...(keyId ? { keyId } : {}) };
        const range = parseAnalyticsQuery(analyticsRangeSchema, input);
        const fromRollups = await querySummary(db(), testKey.organizationId, range);
        expect(fromRollups).toEqual(await querySummary(db(), testKey.organizationId, range, rawTotalRows));
        expect(fromRollups.current.totalRequests).toBeGreaterThan(0);
        for (const granularity of ["hour", "day"] as const) {
          const query = parseAnalyticsQuery(timeSeriesQuerySchema, { ...input, granularity });
          expect(await queryTimeSeries(db(), testKey.organizationId, query)).toEqual(
            await queryTimeSeries(db(), testKey.organizationId, query, rawTotalRows),
          );
        }
      }
    }
  });

  it("are untouched by compaction", async () => {
    const testKey = await createTestKey();
    const old = Math.floor((Date.now() - 5 * DAY) / HOUR) * HOUR;
    await deliver(traffic(testKey, old, 2));
    const range = parseAnalyticsQuery(analyticsRangeSchema, { from: iso(old - 2 * HOUR), to: iso(old) });
    const before = await querySummary(db(), testKey.organizationId, range);
    await compactMinuteRollups(services(), Date.now());
    expect(await querySummary(db(), testKey.organizationId, range)).toEqual(before);
    expect(before).toEqual(await querySummary(db(), testKey.organizationId, range, rawTotalRows));
    expect(await detailVersusKeyHour(testKey.organizationId)).toEqual({ detail: 12, totals: 12 });
  });

  it("are deleted after 13 months with the other rollups", async () => {
    const testKey = await createTestKey();
    const row = (bucket: Date) => ({
      organizationId: testKey.organizationId,
      apiKeyId: testKey.keyId,
      bucket,
      requestCount: 1,
      latencyHistogram: new Array(LATENCY_BUCKET_COUNT).fill(0),
    });
    const old = new Date(Math.floor((Date.now() - 400 * DAY) / HOUR) * HOUR);
    const kept = new Date(Math.floor((Date.now() - 380 * DAY) / HOUR) * HOUR);
    await db()
      .insert(usageRollupsKeyHour)
      .values([row(old), row(kept)]);
    await deleteExpiredRollups(services(), Date.now());
    const left = await db()
      .select()
      .from(usageRollupsKeyHour)
      .where(eq(usageRollupsKeyHour.organizationId, testKey.organizationId));
    expect(left.map((r) => r.bucket)).toEqual([kept]);
  });
});
