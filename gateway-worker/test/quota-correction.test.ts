// The Redis quota counter corrected from the billing ledger, with planted drifts: fail-open
// admissions never counted (raised), refusals left counted (lowered), and what the edge admitted
// after the last mark is always kept.
import { describe, expect, it } from "vitest";
import { correctQuotaCounters, quotaMarkKey } from "../src/jobs/quota-correction.ts";
import { LEDGER_SETTLE_MS } from "../src/services/billing/ledger.ts";
import { quotaKey } from "../src/services/limiter.ts";
import { createTestKey, services, type TestKey } from "./helpers.ts";
import { deliver, makeEvent, recentBase } from "./pipeline-helpers.ts";

/** Five billable requests and two the gateway refused, a few seconds after `base`. */
async function ledgerOfFive(testKey: TestKey, base: number) {
  await deliver([
    ...Array.from({ length: 5 }, (_, i) => makeEvent(testKey, { at: base + 1_000 + i })),
    makeEvent(testKey, {
      at: base + 2_000,
      status: 429,
      upstreamTtfbMs: null,
      rateLimitOutcome: "quota_exceeded",
    }),
    makeEvent(testKey, { at: base + 3_000, status: 401, upstreamTtfbMs: null, errorCode: "KEY_DISABLED" }),
  ]);
}

const counter = async (testKey: TestKey, at: number) =>
  Number(await services().redis.get<number>(quotaKey(testKey.organizationId, at)));

describe("quota counter correction from the ledger", () => {
  it("raises a counter that missed fail-open admissions, keeping what came after the mark", async () => {
    const testKey = await createTestKey();
    const base = recentBase(0);
    await ledgerOfFive(testKey, base);
    const markedAt = base + 60_000;
    const { redis } = services();
    // The edge counted 3 of the 5 by the mark (2 admitted fail-open), then 2 more after it.
    await redis.hset(quotaMarkKey(testKey.organizationId, base), { value: 3, at: markedAt });
    await redis.set(quotaKey(testKey.organizationId, base), 5);
    const corrections = await correctQuotaCounters(services(), base, () => markedAt + LEDGER_SETTLE_MS);
    expect(corrections).toContainEqual({ organizationId: testKey.organizationId, delta: 2, counter: 7 });
    expect(await counter(testKey, base)).toBe(7);
  });

  it("lowers a counter holding refused requests, never below the ledger plus later admissions", async () => {
    const testKey = await createTestKey();
    const base = recentBase(0);
    await ledgerOfFive(testKey, base);
    const markedAt = base + 60_000;
    const { redis } = services();
    // 10 counted by the mark (5 refusals whose refunds were lost), 2 admitted since.
    await redis.hset(quotaMarkKey(testKey.organizationId, base), { value: 10, at: markedAt });
    await redis.set(quotaKey(testKey.organizationId, base), 12);
    await correctQuotaCounters(services(), base, () => markedAt + LEDGER_SETTLE_MS);
    expect(await counter(testKey, base)).toBe(7);
    // The new mark is what the next run measures from: run again → nothing moves.
    const mark = await redis.hgetall<{ value: number; at: number }>(
      quotaMarkKey(testKey.organizationId, base),
    );
    expect(Number(mark?.value)).toBe(7);
    await redis.incr(quotaKey(testKey.organizationId, base));
    await correctQuotaCounters(services(), base, () => Number(mark?.at) + LEDGER_SETTLE_MS);
    // M = 7 but L(mark) = 5: the 2 counted after the first mark never reached the ledger (not
    // billable: say the upstream never answered), so they are taken back; the one after stays.
    expect(await counter(testKey, base)).toBe(6);
  });

  it("waits until the events before the mark have settled", async () => {
    const testKey = await createTestKey();
    const base = recentBase(0);
    await ledgerOfFive(testKey, base);
    const markedAt = base + 60_000;
    const { redis } = services();
    await redis.hset(quotaMarkKey(testKey.organizationId, base), { value: 0, at: markedAt });
    await redis.set(quotaKey(testKey.organizationId, base), 0);
    await correctQuotaCounters(services(), base, () => markedAt + LEDGER_SETTLE_MS - 1);
    expect(await counter(testKey, base)).toBe(0);
  });

  it("without a mark only raises: to the ledger's count, never lowering", async () => {
    const low = await createTestKey();
    const high = await createTestKey();
    const base = recentBase(0);
    await ledgerOfFive(low, base);
    await ledgerOfFive(high, base);
    const { redis } = services();
    await redis.set(quotaKey(low.organizationId, base), 1);
    await redis.set(quotaKey(high.organizationId, base), 9);
    await correctQuotaCounters(services(), base, () => base + 120_000);
    expect(await counter(low, base)).toBe(5);
    expect(await counter(high, base)).toBe(9);
    // Both now carry a mark for the next run.
    expect(await redis.hget(quotaMarkKey(high.organizationId, base), "value")).toBe(9);
  });
});
