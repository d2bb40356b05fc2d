// The request-log pipeline: one transaction stores raw rows, minute rollups, monthly usage and
// keys' last use, counting each request id once however often the queue delivers it.
import { env } from "cloudflare:test";
import { LATENCY_BUCKET_COUNT, latencyBucketIndex } from "@edgegate/shared/latency";
import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { replayDeadLetters } from "../src/consumers/replay-dead-letters.ts";
import { apiKeys } from "../src/db/schema/api-keys.ts";
import { deadLetterEvents } from "../src/db/schema/dead-letters.ts";
import { requestLogs } from "../src/db/schema/request-logs.ts";
import { usageRecords, usageRollupsMinute } from "../src/db/schema/usage.ts";
import { createTestKey, services, type TestKey } from "./helpers.ts";
import { deliver, makeEvent, monthOf, recentBase } from "./pipeline-helpers.ts";

const MINUTE = 60_000;
const DAY = 86_400_000;

async function snapshot(testKey: TestKey) {
  const { db } = services().database;
  const rollups = await db
    .select()
    .from(usageRollupsMinute)
    .where(eq(usageRollupsMinute.organizationId, testKey.organizationId))
    .orderBy(usageRollupsMinute.bucket, usageRollupsMinute.path, usageRollupsMinute.status);
  const usage = await db
    .select()
    .from(usageRecords)
    .where(eq(usageRecords.organizationId, testKey.organizationId));
  const [key] = await db.select().from(apiKeys).where(eq(apiKeys.id, testKey.keyId));
  const raw = await db
    .select()
    .from(requestLogs)
    .where(eq(requestLogs.organizationId, testKey.organizationId));
  return {
    rollups: rollups.map(({ updatedAt: _u, ...r }: Record<string, unknown>) => r),
    usage: usage.map(({ updatedAt: _u, ...u }) => u),
    lastUsedAt: key?.lastUsedAt ?? null,
    rawCount: raw.length,
  };
}

/** Two minutes of traffic with errors, refusals and a spread of latencies. */
function sampleEvents(testKey: TestKey, base: number) {
  return [
    makeEvent(testKey, { at: base + 1_000, latencyMs: 4 }),
    makeEvent(testKey, { at: base + 2_000, latencyMs: 40 }),
    makeEvent(testKey, { at: base + 3_000, status: 500, latencyMs: 900, errorCode: "UPSTREAM_ERROR" }),
    makeEvent(testKey, {
      at: base + 4_000,
      status: 429,
      latencyMs: 1,
      rateLimitOutcome: "rate_limited",
      errorCode: "RATE_LIMITED",
      responseBytes: 50,
      // Refused at the edge: never sent upstream.
      upstreamTtfbMs: null,
    }),
    makeEvent(testKey, { at: base + MINUTE + 5_000, path: "/v1/users/:id", latencyMs: 70 }),
  ];
}

describe("request-log pipeline", () => {
  it("aggregates a batch into minute rollups, monthly usage and last_used_at", async () => {
    const testKey = await createTestKey();
    const base = recentBase(10);
    const events = sampleEvents(testKey, base);
    const result = await deliver(events);
    expect(result).toMatchObject({ acked: 5, retried: 0 });

    const state = await snapshot(testKey);
    expect(state.rawCount).toBe(5);
    const orders200 = state.rollups.find((r) => r.path === "/v1/orders" && r.status === 200);
    const histogram = new Array(LATENCY_BUCKET_COUNT).fill(0);
    histogram[latencyBucketIndex(4)] += 1;
    histogram[latencyBucketIndex(40)] += 1;
    expect(orders200).toMatchObject({
      apiKeyId: testKey.keyId,
      bucket: new Date(base),
      method: "GET",
      requestCount: 2,
      errorCount: 0,
      rateLimitedCount: 0,
      requestBytes: 200,
      responseBytes: 2_000,
      latencySumMs: 44,
      latencyHistogram: histogram,
    });
    expect(state.rollups.find((r) => r.status === 500)).toMatchObject({ requestCount: 1, errorCount: 1 });
    expect(state.rollups.find((r) => r.status === 429)).toMatchObject({
      requestCount: 1,
      errorCount: 1,
      rateLimitedCount: 1,
    });
    expect(state.rollups.find((r) => r.path === "/v1/users/:id")).toMatchObject({
      bucket: new Date(base + MINUTE),
      requestCount: 1,
    });
    // The refused (429) request is not billed: the upstream never saw it.
    expect(state.usage).toEqual([
      {
        organizationId: testKey.organizationId,
        periodStart: monthOf(base),
        requestCount: 4,
        bandwidthBytes: 4 * 100 + 3 * 1_000 + 1_000,
      },
    ]);
    expect(state.lastUsedAt).toEqual(new Date(base + MINUTE + 5_000));
  });

  it("adds nothing for a redelivered batch, and only the new events of an overlapping one", async () => {
    const testKey = await createTestKey();
    const base = recentBase(20);
    const events = sampleEvents(testKey, base);
    await deliver(events);
    const first = await snapshot(testKey);

    expect(await deliver(events)).toMatchObject({ acked: 5, retried: 0 });
    expect(await snapshot(testKey)).toEqual(first);

    // Overlap: three old events (out of order), one duplicated inside the batch, and two new.
    const fresh = [
      makeEvent(testKey, { at: base + 6_000, latencyMs: 7 }),
      makeEvent(testKey, { at: base + 2 * MINUTE, path: "/v1/new", latencyMs: 2 }),
    ];
    const overlapping = [events[4], fresh[0], events[0], fresh[1], fresh[1], events[2]];
    expect(await deliver(overlapping)).toMatchObject({ acked: 6, retried: 0 });
    const after = await snapshot(testKey);
    expect(after.rawCount).toBe(7);
    const orders200 = after.rollups.find((r) => r.path === "/v1/orders" && r.status === 200);
    expect(orders200).toMatchObject({ requestCount: 3, latencySumMs: 51 });
    expect(after.rollups.find((r) => r.path === "/v1/new")).toMatchObject({ requestCount: 1 });
    expect(after.rollups.find((r) => r.status === 500)).toMatchObject({ requestCount: 1 });
    expect(after.usage[0]).toMatchObject({ requestCount: 6 });
    expect(after.lastUsedAt).toEqual(new Date(base + 2 * MINUTE));

    // An older batch arriving late never moves last_used_at backwards.
    await deliver([makeEvent(testKey, { at: base - 5 * MINUTE })]);
    expect((await snapshot(testKey)).lastUsedAt).toEqual(new Date(base + 2 * MINUTE));
  });

  it("keeps events outside the time window and of unknown organizations as dead letters, storing the rest", async () => {
    const testKey = await createTestKey();
    const now = Date.now();
    const good = makeEvent(testKey, { at: now - 60_000 });
    // 20 days ago is inside the 30-day retention but before the partitions the migration made.
    const late = makeEvent(testKey, { at: now - 20 * DAY });
    const tooOld = makeEvent(testKey, { at: now - 40 * DAY });
    const future = makeEvent(testKey, { at: now + 3 * DAY });
    const notV7 = { ...makeEvent(testKey), id: crypto.randomUUID() };
    const strangerOrg = makeEvent(testKey, { organizationId: `org_missing_${crypto.randomUUID()}` });
    const result = await deliver([good, late, tooOld, future, notV7, strangerOrg]);
    expect(result).toMatchObject({ acked: 6, retried: 0 });

    const { db } = services().database;
    const stored = await db
      .select({ id: requestLogs.id })
      .from(requestLogs)
      .where(inArray(requestLogs.id, [good.id, late.id, tooOld.id, future.id, notV7.id, strangerOrg.id]));
    expect(stored.map((r) => r.id).sort()).toEqual([good.id, late.id].sort());
    const kept = await db
      .select()
      .from(deadLetterEvents)
      .where(and(eq(deadLetterEvents.kind, "malformed"), inArray(deadLetterEvents.messageId, result.ids)));
    const reasons = kept.map((k) => k.reason).join("\n");
    expect(kept).toHaveLength(4);
    expect(reasons).toMatch(/older than the 30-day retention/);
    expect(reasons).toMatch(/more than a day in the future/);
    expect(reasons).toMatch(/unknown organization/);
    // Each stored event counts in its own UTC month: one row of 2, or (in a month's first 20
    // days) one row each.
    const usage = (await snapshot(testKey)).usage;
    const expected: Record<string, number> = {};
    for (const event of [good, late])
      expected[monthOf(event.timestamp)] = (expected[monthOf(event.timestamp)] ?? 0) + 1;
    expect(Object.fromEntries(usage.map((u) => [u.periodStart, u.requestCount]))).toEqual(expected);
  });

  it("loses nothing and double counts nothing when the database is away for a delivery", async () => {
    const testKey = await createTestKey();
    const base = recentBase(30);
    const events = sampleEvents(testKey, base);
    const missingDatabase = env.DATABASE_URL.replace(/\/[^/?]+(\?|$)/, "/edgegate_missing_db$1");
    const failed = await deliver(events, { env: { DATABASE_URL: missingDatabase } });
    expect(failed).toMatchObject({ acked: 0, retried: 5 });
    expect((await snapshot(testKey)).rawCount).toBe(0);

    // Recovery: the retried batch arrives (twice, as at-least-once allows) and counts once.
    await deliver(events);
    await deliver(events);
    const state = await snapshot(testKey);
    expect(state.rawCount).toBe(5);
    expect(state.usage[0]?.requestCount).toBe(4);
    expect(state.rollups.reduce((sum, r) => sum + (r.requestCount as number), 0)).toBe(5);
  });

  it("stores dead-lettered events and replays them once", async () => {
    const testKey = await createTestKey();
    const events = sampleEvents(testKey, recentBase(40));
    const dead = await deliver(events, { queue: "request-logs-dlq" });
    expect(dead).toMatchObject({ acked: 5 });
    const { db } = services().database;
    const kept = await db
      .select()
      .from(deadLetterEvents)
      .where(and(eq(deadLetterEvents.kind, "dead_letter"), inArray(deadLetterEvents.messageId, dead.ids)));
    expect(kept.map((k) => (k.body as { id: string }).id).sort()).toEqual(events.map((e) => e.id).sort());
    expect((await snapshot(testKey)).rawCount).toBe(0);

    // One event was stored meanwhile (e.g. a late original delivery): replay must not count it again.
    await deliver([events[0]]);
    const first = await replayDeadLetters(services());
    expect(first.replayed).toBeGreaterThanOrEqual(5);
    const afterFirst = await snapshot(testKey);
    expect(afterFirst.rawCount).toBe(5);
    expect(afterFirst.usage[0]?.requestCount).toBe(4);

    const second = await replayDeadLetters(services());
    expect(second.replayed).toBe(0);
    expect(await snapshot(testKey)).toEqual(afterFirst);
  });
});
