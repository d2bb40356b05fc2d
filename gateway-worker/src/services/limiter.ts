// Per-key rate limits, burst bucket, monthly quota and the revocation check, in ONE Redis round
// trip: a sliding window (@upstash/ratelimit), a token bucket (idem), the key's version stamp
// (revocation) and the monthly quota counter, sent together by the client's auto-pipelining.
// The round gives up when the client aborts its call (REDIS_TIMEOUT_MS) and the request then fails
// open: allowed, with `failOpen` recorded on its request event. Never a 500, never a multi-second
// stall. (Right after Redis lost its scripts, the library retries EVALSHA's NOSCRIPT as EVAL: a
// second call with its own REDIS_TIMEOUT_MS, so that one round may take up to twice as long.)
import type { RateLimitOutcome } from "@edgegate/shared/events";
import { PLANS } from "@edgegate/shared/plans";
import { Ratelimit } from "@upstash/ratelimit";
import type { Redis } from "@upstash/redis/cloudflare";
import type { KeyRecord } from "./key-store.ts";
import type { RedisBreaker } from "./redis.ts";

export type PolicyName = "minute" | "burst" | "monthly";

export interface PolicyState {
  name: PolicyName;
  limit: number;
  /** Null when Redis did not answer (fail-open). */
  remaining: number | null;
  /** Epoch ms when the policy's window resets (or its bucket refills). */
  resetAt: number;
  windowSeconds: number;
}

export interface LimitDecision {
  outcome: RateLimitOutcome;
  failOpen: boolean;
  policies: PolicyState[];
  /** The version stamp the admin API wrote for this key, when newer data exists. */
  keyVersion: number | null;
}

export interface Limiter {
  check(
    record: KeyRecord,
    now: number,
    waitUntil: (promise: Promise<unknown>) => void,
  ): Promise<LimitDecision>;
}

/** Written by the admin API on every key change: gateways compare it with their cached copy. */
export const keyVersionKey = (keyId: string) => `eg:keyver:${keyId}`;
export const quotaKey = (organizationId: string, now: number) =>
  `eg:quota:${organizationId}:${new Date(now).toISOString().slice(0, 7)}`;

export function startOfNextMonthUtc(now: number): number {
  const date = new Date(now);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}

// The library's ephemeral cache: a key refused by the burst bucket is refused again without a
// Redis call until its next token is due. It is on for the bucket only: for the sliding window the
// library would block until the end of the fixed minute, refusing requests the sliding window
// admits, so a client held back once would get far less than its limit (measured by `pnpm bench`).
const ephemeralCache = new Map<string, number>();

function refillIntervalMs(perMinute: number): number {
  return Math.max(1, Math.floor(60_000 / perMinute));
}

type Algorithm = ReturnType<typeof Ratelimit.slidingWindow>;
// The algorithms depend only on the limits: built once per distinct pair in this isolate.
const algorithms = new Map<string, { minute: Algorithm; burst: Algorithm }>();

function algorithmsFor(perMinute: number, burst: number) {
  const cacheKey = `${perMinute}/${burst}`;
  let found = algorithms.get(cacheKey);
  if (!found) {
    found = {
      minute: Ratelimit.slidingWindow(perMinute, "60 s"),
      // Holds at most `burst` tokens and refills one at a time at the per-minute rate. (The
      // library refills in whole intervals: `tokenBucket(perMinute, "60 s")` would add a minute's
      // worth at once and cap the sustained rate at `burst` per minute.) Rounding the interval
      // down never refills slower than the configured rate.
      burst: Ratelimit.tokenBucket(1, `${refillIntervalMs(perMinute)} ms`, burst),
    };
    if (algorithms.size >= 1_000) algorithms.clear();
    algorithms.set(cacheKey, found);
  }
  return found;
}

function limitersFor(redis: Redis, perMinute: number, burst: number) {
  const algorithm = algorithmsFor(perMinute, burst);
  // timeout 0: the library's own timer per call is off; the client's abort bounds the whole round.
  const common = { redis, timeout: 0, analytics: false } as const;
  return {
    minute: new Ratelimit({
      ...common,
      ephemeralCache: false,
      prefix: "eg:rl:min",
      limiter: algorithm.minute,
    }),
    burst: new Ratelimit({ ...common, ephemeralCache, prefix: "eg:rl:burst", limiter: algorithm.burst }),
  };
}

/**
 * Waits for every promise of the round; one that rejects counts as null. The round's deadline is
 * the Redis client's own: its one HTTP call is aborted after REDIS_TIMEOUT_MS (see redis.ts), and
 * the abort rejects every command in it. No second timer per request (timers showed in the
 * gateway's CPU profile).
 */
function settle<T extends readonly unknown[]>(
  promises: {
    [K in keyof T]: Promise<T[K]>;
  },
): Promise<{ [K in keyof T]: T[K] | null }> {
  return Promise.all(promises.map((promise) => promise.catch(() => null))) as Promise<{
    [K in keyof T]: T[K] | null;
  }>;
}

export function createLimiter(redis: Redis, breaker: RedisBreaker): Limiter {
  return {
    async check(record, now, waitUntil) {
      const plan = PLANS[record.plan];
      const perMinute = record.rateLimitPerMinute ?? plan.requestsPerMinute;
      const burst = record.burstLimit ?? plan.burst;
      const monthlyQuota = plan.monthlyQuota;
      const { minute, burst: bucket } = limitersFor(redis, perMinute, burst);
      const quota = quotaKey(record.organizationId, now);
      const monthReset = startOfNextMonthUtc(now);

      // Every command below is issued synchronously in this tick (the library's limit() reaches
      // its EVALSHA without awaiting), so the client's auto-pipelining sends all of them in ONE
      // HTTP request: one round trip, one subrequest. The stamp is read with GETEX (no options:
      // a plain read) because the client batches reads (GET) apart from writes, which made a
      // second HTTP call per request; as a write it is also answered by the primary, never by a
      // lagging read replica, which is what the revocation bound wants.
      const round = [
        minute.limit(record.id),
        bucket.limit(record.id),
        redis.getex<number>(keyVersionKey(record.id)),
        redis.incr(quota),
      ] as const;
      waitUntil(redis.expire(quota, Math.ceil((monthReset - now) / 1000) + 7 * 86_400, "NX").catch(() => {}));
      const settled = settle(round).then((results) => {
        breaker.record(results[0] !== null && results[1] !== null && results[3] !== null);
        return results;
      });
      // Redis has been failing (see RedisBreaker): fail open without waiting; the round still
      // runs in the background and counts this request.
      const skip = breaker.open;
      if (skip) waitUntil(settled);
      const [minuteResult, burstResult, keyVersion, used] = skip
        ? ([null, null, null, null] as const)
        : await settled;
      if (!skip) for (const result of [minuteResult, burstResult]) if (result) waitUntil(result.pending);

      const minuteOk = minuteResult !== null;
      const burstOk = burstResult !== null;
      // INCR always answers a number: null means Redis did not answer in time (or failed).
      const failOpen = !minuteOk || !burstOk || used === null;

      const policies: PolicyState[] = [
        {
          name: "minute",
          limit: perMinute,
          remaining: minuteOk ? Math.max(0, minuteResult.remaining) : null,
          resetAt: minuteOk ? minuteResult.reset : now + 60_000,
          windowSeconds: 60,
        },
        {
          name: "burst",
          limit: burst,
          remaining: burstOk ? Math.max(0, burstResult.remaining) : null,
          resetAt: burstOk ? burstResult.reset : now + refillIntervalMs(perMinute),
          // The time an empty bucket takes to refill completely.
          windowSeconds: Math.max(1, Math.ceil((burst * 60) / perMinute)),
        },
      ];
      if (monthlyQuota !== null) {
        policies.push({
          name: "monthly",
          limit: monthlyQuota,
          remaining: used === null ? null : Math.max(0, monthlyQuota - used),
          resetAt: monthReset,
          windowSeconds: Math.round(
            (monthReset - Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), 1)) / 1000,
          ),
        });
      }

      let outcome: RateLimitOutcome = "allowed";
      if (minuteOk && !minuteResult.success) outcome = "rate_limited";
      else if (burstOk && !burstResult.success) outcome = "burst_limited";
      else if (monthlyQuota !== null && used !== null && used > monthlyQuota) outcome = "quota_exceeded";
      // The three counters ran in parallel, so each counted this request. A refused request must
      // not use up the others' capacity: give back what they took (off the hot path).
      if (outcome !== "allowed") {
        if (outcome !== "quota_exceeded" && used !== null) waitUntil(redis.decr(quota).catch(() => {}));
        if (outcome !== "rate_limited" && minuteOk && minuteResult.success) {
          waitUntil(minute.limit(record.id, { rate: -1 }).catch(() => {}));
        }
        if (outcome !== "burst_limited" && burstOk && burstResult.success) {
          waitUntil(bucket.limit(record.id, { rate: -1 }).catch(() => {}));
        }
      }
      return { outcome, failOpen, policies, keyVersion };
    },
  };
}
