// The isolate's own copy of a key's limits (bounded fail-open), driven with explicit clocks.
import { describe, expect, it } from "vitest";
import { createLocalLimiter, type KeyLimits } from "../src/services/local-limiter.ts";

const limits: KeyLimits = { perMinute: 5, burst: 100, monthlyQuota: null };
// 10 s into a minute, so "the same minute" is unambiguous.
const T0 = Date.UTC(2026, 11, 2, 9, 0, 10);
const QUOTA = "eg:quota:org_1:2026-12";

function admitted(
  limiter: ReturnType<typeof createLocalLimiter>,
  count: number,
  at: number,
  l = limits,
  keyId = "key_1",
) {
  let allowed = 0;
  for (let i = 0; i < count; i++) if (limiter.decide(keyId, QUOTA, l, at).outcome === "allowed") allowed++;
  return allowed;
}

describe("local limiter", () => {
  it("admits a fresh key's per-minute limit, then refuses with the minute's end as reset", () => {
    const limiter = createLocalLimiter();
    expect(admitted(limiter, 200, T0)).toBe(5);
    const refused = limiter.decide("key_1", QUOTA, limits, T0);
    expect(refused.outcome).toBe("rate_limited");
    expect(refused.minute.resetAt).toBe(Date.UTC(2026, 11, 2, 9, 1, 0));
  });

  it("starts from Redis's last verdict: what other isolates used is not admitted again", () => {
    const limiter = createLocalLimiter();
    limiter.observe("key_1", QUOTA, limits, { minuteRemaining: 1, burstRemaining: 96, quotaUsed: 4 }, T0);
    expect(admitted(limiter, 50, T0 + 1_000)).toBe(1);
  });

  it("never lowers its count because a late verdict says less was used", () => {
    const limiter = createLocalLimiter();
    expect(admitted(limiter, 3, T0)).toBe(3);
    limiter.observe("key_1", QUOTA, limits, { minuteRemaining: 4, burstRemaining: 99, quotaUsed: 1 }, T0);
    expect(admitted(limiter, 10, T0)).toBe(2);
  });

  it("counts requests still waiting for Redis's verdict as used, until their wait ends", () => {
    const limiter = createLocalLimiter();
    const waits = Array.from({ length: 4 }, () => limiter.waiting("key_1", limits, T0));
    // Four may yet be admitted by Redis: one is left for a local decision.
    expect(admitted(limiter, 10, T0)).toBe(1);
    for (const done of waits) done();
    expect(admitted(limiter, 10, T0)).toBe(4);
  });

  it("refuses Redis's admission when it leaves no room for what this isolate admitted on its own", () => {
    const limiter = createLocalLimiter();
    // Two admitted while Redis did not answer; Redis may never have counted them.
    expect(admitted(limiter, 2, T0)).toBe(2);
    const verdict = (minuteRemaining: number) => ({ minuteRemaining, burstRemaining: 99, quotaUsed: 1 });
    expect(limiter.observe("key_1", QUOTA, limits, verdict(2), T0)).toBe(true);
    expect(limiter.observe("key_1", QUOTA, limits, verdict(1), T0)).toBe(false);
    // A new minute: what was admitted here no longer weighs on Redis's verdicts.
    expect(limiter.observe("key_1", QUOTA, limits, verdict(1), T0 + 60_000)).toBe(true);
  });

  it("lets the previous minute fade as the sliding window does", () => {
    const limiter = createLocalLimiter();
    expect(admitted(limiter, 5, T0)).toBe(5);
    // 30 s into the next minute the previous 5 weigh floor(5 × 0.5) = 2: 3 more fit.
    expect(admitted(limiter, 10, Date.UTC(2026, 11, 2, 9, 1, 30))).toBe(3);
  });

  it("holds the burst bucket and refills it one token per interval", () => {
    const limiter = createLocalLimiter();
    const bursty: KeyLimits = { perMinute: 600, burst: 3, monthlyQuota: null };
    expect(admitted(limiter, 10, T0, bursty)).toBe(3);
    expect(limiter.decide("key_1", QUOTA, bursty, T0).outcome).toBe("burst_limited");
    // 600/min: a token every 100 ms.
    expect(admitted(limiter, 10, T0 + 250, bursty)).toBe(2);
  });

  it("enforces the monthly quota from the last count Redis gave, plus what it admitted since", () => {
    const limiter = createLocalLimiter();
    const quota: KeyLimits = { perMinute: 1_000, burst: 1_000, monthlyQuota: 10 };
    limiter.observe("key_1", QUOTA, quota, { minuteRemaining: null, burstRemaining: null, quotaUsed: 8 }, T0);
    expect(admitted(limiter, 5, T0, quota)).toBe(2);
    expect(limiter.decide("key_1", QUOTA, quota, T0).outcome).toBe("quota_exceeded");
  });

  it("hands back unreconciled quota counts once, and takes them back when the INCRBY fails", () => {
    const limiter = createLocalLimiter();
    limiter.addUnreconciled(QUOTA);
    limiter.addUnreconciled(QUOTA);
    expect(limiter.takeUnreconciled(QUOTA)).toBe(2);
    expect(limiter.takeUnreconciled(QUOTA)).toBe(0);
    limiter.addUnreconciled(QUOTA, 2);
    expect(limiter.takeUnreconciled(QUOTA)).toBe(2);
  });

  it("keeps at most maxKeys keys: the least recently used is forgotten", () => {
    const limiter = createLocalLimiter(2);
    for (const key of ["a", "b"]) limiter.decide(key, QUOTA, limits, T0);
    for (let i = 0; i < 4; i++) limiter.decide("a", QUOTA, limits, T0);
    limiter.decide("c", QUOTA, limits, T0);
    // "a" used its 5, "b" was evicted by "c": it starts afresh.
    expect(limiter.decide("a", QUOTA, limits, T0).outcome).toBe("rate_limited");
    expect(admitted(limiter, 10, T0, limits, "b")).toBe(5);
  });
});
