// Per-key rate limits, burst bucket, monthly quota and the revocation check, in ONE Redis round
// trip: a sliding window (@upstash/ratelimit), a token bucket (idem), the key's version stamp
// (revocation), the organization's limits stamp (plan / overage policy changes) and the monthly
// quota counter, sent together by the client's auto-pipelining — and, under concurrency, in the
// same REST call as other requests' rounds (group commit, upstash-group-commit.ts), each request
// still getting its own verdict.
// The request stops waiting for the round after REDIS_TIMEOUT_MS and then fails open, bounded:
// the isolate's own copy of the key's limits decides (local-limiter.ts), and an admitted request
// records `failOpen` on its request event. Never a 500, never a wait beyond the timeout. The
// round itself runs on in the background (up to LATE_ROUND_CAP_MS), so a late verdict still
// updates that copy and gives back what Redis counted for a request the isolate refused.
import { type MonthlyEnforcement, monthlyEnforcement } from "@edgegate/shared/billing";
import type { RateLimitOutcome } from "@edgegate/shared/events";
import { PLANS, type PlanId } from "@edgegate/shared/plans";
import { Ratelimit } from "@upstash/ratelimit";
import type { Redis } from "@upstash/redis/cloudflare";
import type { LimitsOverride } from "../db/schema/organizations.ts";
import type { KeyRecord } from "./key-store.ts";
import { type KeyLimits, type LocalLimiter, type RedisVerdict, refillIntervalMs } from "./local-limiter.ts";
import type { RedisBreaker } from "./redis.ts";

/**
 * "monthly" refuses at the plan's quota (hard_cap); "spend-cap" at quota + spend cap
 * (bill_overage with a cap). Under bill_overage without a cap nothing refuses on volume.
 */
export type PolicyName = "minute" | "burst" | "monthly" | "spend-cap";

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
  /** The organization's limits stamp (services/billing/publish.ts), when one was written. */
  organizationVersion: number | null;
  /** The monthly rule applied, and the month's count including this request (null: unknown). */
  monthly: MonthlyEnforcement & { used: number | null };
}

export interface Limiter {
  check(
    record: KeyRecord,
    now: number,
    waitUntil: (promise: Promise<unknown>) => void,
  ): Promise<LimitDecision>;
  /**
   * Gives back what `decision` counted (off the hot path), so the request can be decided again
   * under a fresher record without being counted twice. Its commands are issued synchronously:
   * a `check` called right after joins the same pipelined round.
   */
  release(record: KeyRecord, decision: LimitDecision, waitUntil: (promise: Promise<unknown>) => void): void;
  /**
   * The organization's limits stamp alone (null: none, or Redis did not answer in time): a key of
   * a suspended organization is refused without counting, after this check that the suspension
   * is not older than the latest change (an unsuspension reaches the edge within the same bound).
   */
  organizationVersion(organizationId: string): Promise<number | null>;
}

/**
 * The limits the record's organization has at `now`: an operator's override while it is in
 * force (its expiry is evaluated here, per request, so the plan applies again the moment it
 * ends), else the plan's. A key's own per-minute and burst limits still take precedence.
 */
export function effectiveLimits(
  record: KeyRecord,
  now: number,
): { limits: KeyLimits; monthly: MonthlyEnforcement } {
  const organization = effectiveOrganizationLimits(record, now);
  const monthly = monthlyEnforcement(
    record.plan,
    record.overagePolicy,
    record.spendCapRequests,
    organization.monthlyQuota,
  );
  return {
    limits: {
      perMinute: record.rateLimitPerMinute ?? organization.requestsPerMinute,
      burst: record.burstLimit ?? organization.burst,
      monthlyQuota: monthly.refuseAbove,
    },
    monthly,
  };
}

/** The organization's own limits at `now` (its override in force, else its plan's). */
export function effectiveOrganizationLimits(
  organization: { plan: PlanId; limitsOverride: LimitsOverride | null },
  now: number,
): { requestsPerMinute: number; burst: number; monthlyQuota: number | null } {
  const override = activeOverride(organization.limitsOverride, now);
  const { requestsPerMinute, burst, monthlyQuota } = override ?? PLANS[organization.plan];
  return { requestsPerMinute, burst, monthlyQuota };
}

/** The override if it is in force at `now` (no expiry, or an expiry still ahead). */
export function activeOverride(override: LimitsOverride | null, now: number): LimitsOverride | null {
  if (!override) return null;
  return override.expiresAt === null || Date.parse(override.expiresAt) > now ? override : null;
}

/** Written by the admin API on every key change: gateways compare it with their cached copy. */
export const keyVersionKey = (keyId: string) => `eg:keyver:${keyId}`;
/** Written when an organization's plan, overage policy or spend cap changes. */
export const organizationVersionKey = (organizationId: string) => `eg:orgver:${organizationId}`;
export const quotaKey = (organizationId: string, now: number) =>
  `eg:quota:${organizationId}:${utcMonth(now).label}`;

export function startOfNextMonthUtc(now: number): number {
  return utcMonth(now).end;
}

/**
 * The UTC month `now` falls in: its label ("2026-12"), start and end (epoch ms). Every limiter
 * round needs it, so the last month computed is kept and reused while `now` stays inside it
 * (Date objects and an ISO string per request showed in the gateway's CPU profile).
 */
let lastMonth = { start: 0, end: 0, label: "" };
function utcMonth(now: number): { start: number; end: number; label: string } {
  if (now >= lastMonth.start && now < lastMonth.end) return lastMonth;
  const date = new Date(now);
  lastMonth = {
    start: Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1),
    end: Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1),
    label: date.toISOString().slice(0, 7),
  };
  return lastMonth;
}

// The library's ephemeral cache: a key refused by the burst bucket is refused again without a
// Redis call until its next token is due. It is on for the bucket only: for the sliding window the
// library would block until the end of the fixed minute, refusing requests the sliding window
// admits, so a client held back once would get far less than its limit (measured by `pnpm bench`).
const ephemeralCache = new Map<string, number>();

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
  // Telemetry off here too: the client sends none (redis.ts), and the library's own switch, left
  // on, tags each client it is given (an env read and a WeakSet per limiter, per request).
  const common = { redis, timeout: 0, analytics: false, enableTelemetry: false } as const;
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
 * Waits for every promise of the round; one that rejects counts as null. The round's own cap is
 * the Redis client's: its one HTTP call is aborted after LATE_ROUND_CAP_MS (see context.ts; a round
 * queued behind a batch in flight waits for that one first, so at most twice as long), and
 * the abort rejects every command in it; the request's wait is the shorter race in `check`.
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

function verdictOf(
  minute: { remaining: number } | null,
  burst: { remaining: number } | null,
  quotaUsed: number | null,
): RedisVerdict {
  return {
    minuteRemaining: minute ? Math.max(0, minute.remaining) : null,
    burstRemaining: burst ? Math.max(0, burst.remaining) : null,
    quotaUsed,
  };
}

interface PolicyNow {
  remaining: number | null;
  resetAt: number;
}

function policyStates(
  limits: KeyLimits,
  now: number,
  monthly: { name: PolicyName; limit: number | null; resetAt: number },
  current: { minute: PolicyNow; burst: PolicyNow; monthly: number | null },
): PolicyState[] {
  const policies: PolicyState[] = [
    { name: "minute", limit: limits.perMinute, ...current.minute, windowSeconds: 60 },
    {
      name: "burst",
      limit: limits.burst,
      ...current.burst,
      // The time an empty bucket takes to refill completely.
      windowSeconds: Math.max(1, Math.ceil((limits.burst * 60) / limits.perMinute)),
    },
  ];
  if (monthly.limit !== null) {
    const monthStart = utcMonth(now).start;
    policies.push({
      name: monthly.name,
      limit: monthly.limit,
      remaining: current.monthly,
      resetAt: monthly.resetAt,
      windowSeconds: Math.round((monthly.resetAt - monthStart) / 1000),
    });
  }
  return policies;
}

/** An aborted call has usually reached Redis (slow, not down); any other failure has not. */
function reachedRedis(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === "TimeoutError" || name === "AbortError";
}

/** Adds what this isolate admitted while Redis was unreachable to the quota counter (INCRBY). */
function reconcileQuota(
  redis: Redis,
  local: LocalLimiter,
  quota: string,
  waitUntil: (promise: Promise<unknown>) => void,
): void {
  const count = local.takeUnreconciled(quota);
  if (count > 0) waitUntil(redis.incrby(quota, count).catch(() => local.addUnreconciled(quota, count)));
}

/**
 * How long a round that missed REDIS_TIMEOUT_MS may still run in the background (waitUntil): a
 * slow Redis's late verdict (+500 ms) still corrects the counts; a hung one holds nothing longer.
 */
export const LATE_ROUND_CAP_MS = 2_000;

export function createLimiter(
  redis: Redis,
  breaker: RedisBreaker,
  local: LocalLimiter,
  timeoutMs: number,
): Limiter {
  return {
    async organizationVersion(organizationId) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const stamp = await Promise.race([
        redis.getex<number>(organizationVersionKey(organizationId)).catch(() => null),
        new Promise<null>((resolve) => {
          timer = setTimeout(() => resolve(null), timeoutMs);
        }),
      ]);
      clearTimeout(timer);
      return stamp === null ? null : Number(stamp);
    },
    release(record, decision, waitUntil) {
      if (decision.failOpen || decision.monthly.used === null) return;
      const { limits } = effectiveLimits(record, Date.now());
      const { minute, burst } = limitersFor(redis, limits.perMinute, limits.burst);
      // A refusal by the window or the bucket already gave everything back (see `check`).
      if (decision.outcome === "allowed") {
        waitUntil(minute.limit(record.id, { rate: -1 }).catch(() => {}));
        waitUntil(burst.limit(record.id, { rate: -1 }).catch(() => {}));
      }
      if (decision.outcome === "allowed" || decision.outcome === "quota_exceeded") {
        waitUntil(redis.decr(quotaKey(record.organizationId, Date.now())).catch(() => {}));
      }
    },
    async check(record, now, waitUntil) {
      const { limits, monthly: enforcement } = effectiveLimits(record, now);
      const { perMinute, burst, monthlyQuota } = limits;
      const { minute, burst: bucket } = limitersFor(redis, perMinute, burst);
      const quota = quotaKey(record.organizationId, now);
      const monthReset = startOfNextMonthUtc(now);

      // Every command below is issued synchronously in this tick (the library's limit() reaches
      // its EVALSHA without awaiting), so the client's auto-pipelining sends all of them in ONE
      // HTTP request: one round trip, one subrequest. The stamp is read with GETEX (no options:
      // a plain read) because the client batches reads (GET) apart from writes, which made a
      // second HTTP call per request; as a write it is also answered by the primary, never by a
      // lagging read replica, which is what the revocation bound wants.
      const counted = redis.incr(quota);
      const round = [
        minute.limit(record.id),
        bucket.limit(record.id),
        redis.getex<number>(keyVersionKey(record.id)),
        redis.getex<number>(organizationVersionKey(record.organizationId)),
        counted,
      ] as const;
      waitUntil(redis.expire(quota, Math.ceil((monthReset - now) / 1000) + 7 * 86_400, "NX").catch(() => {}));
      // Stop waiting after REDIS_TIMEOUT_MS, but let the round finish in the background: its late
      // verdict still corrects the isolate's copy and gives back what a local refusal took.
      let late = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const settled = settle(round).then((results) => {
        clearTimeout(timer);
        // A late round was already recorded as failed when its time ran out.
        if (!late) breaker.record(results[0] !== null && results[1] !== null && results[4] !== null);
        return results;
      });
      // Redis has been failing (see RedisBreaker): decide locally without waiting at all.
      const skip = breaker.open;
      const done = skip ? undefined : local.waiting(record.id, limits, now);
      const inTime = skip
        ? null
        : await Promise.race([
            settled,
            new Promise<null>((resolve) => {
              timer = setTimeout(() => {
                late = true;
                breaker.record(false);
                resolve(null);
              }, timeoutMs);
            }),
          ]);
      done?.();
      const [minuteResult, burstResult, keyVersion, organizationVersion, used] =
        inTime ?? ([null, null, null, null, null] as const);
      for (const result of [minuteResult, burstResult]) if (result) waitUntil(result.pending);

      const roomHere = local.observe(
        record.id,
        quota,
        limits,
        verdictOf(minuteResult, burstResult, used),
        now,
      );
      if (used !== null) reconcileQuota(redis, local, quota, waitUntil);
      const monthly = {
        name: (enforcement.policy === "hard_cap" ? "monthly" : "spend-cap") as PolicyName,
        limit: monthlyQuota,
        resetAt: monthReset,
      };

      // INCR always answers a number: null means Redis did not answer in time (or failed).
      if (minuteResult === null || burstResult === null || used === null) {
        // Bounded fail-open: the isolate's own copy of the key's limits decides.
        const decided = local.decide(record.id, quota, limits, now);
        const admitted = decided.outcome === "allowed";
        waitUntil(
          settled.then(([m, b, , , q]) => {
            local.observe(record.id, quota, limits, verdictOf(m, b, q), Date.now());
            if (admitted) return;
            // Refused here, but Redis counted it: give back what it took, so phantom admissions
            // do not use up the key's window.
            if (m?.success) waitUntil(minute.limit(record.id, { rate: -1 }).catch(() => {}));
            if (b?.success) waitUntil(bucket.limit(record.id, { rate: -1 }).catch(() => {}));
            if (q !== null) waitUntil(redis.decr(quota).catch(() => {}));
          }),
        );
        if (admitted) {
          // Its INCR may never have reached Redis: then it is counted here until Redis answers.
          waitUntil(
            counted.then(
              () => {},
              (error: unknown) => {
                if (!reachedRedis(error)) local.addUnreconciled(quota);
              },
            ),
          );
        }
        const policies = policyStates(limits, now, monthly, {
          minute: { remaining: null, resetAt: decided.minute.resetAt },
          burst: { remaining: null, resetAt: decided.burst.resetAt },
          monthly: null,
        });
        return {
          outcome: decided.outcome,
          failOpen: admitted,
          policies,
          keyVersion,
          organizationVersion,
          monthly: { ...enforcement, used: null },
        };
      }

      const policies = policyStates(limits, now, monthly, {
        minute: {
          remaining: roomHere ? Math.max(0, minuteResult.remaining) : 0,
          resetAt: minuteResult.reset,
        },
        burst: { remaining: Math.max(0, burstResult.remaining), resetAt: burstResult.reset },
        monthly: monthlyQuota === null ? null : Math.max(0, monthlyQuota - used),
      });

      let outcome: RateLimitOutcome = "allowed";
      if (!minuteResult.success || !roomHere) outcome = "rate_limited";
      else if (!burstResult.success) outcome = "burst_limited";
      else if (monthlyQuota !== null && used > monthlyQuota) outcome = "quota_exceeded";
      // The three counters ran in parallel, so each counted this request. A refused request must
      // not use up the others' capacity: give back what they took (off the hot path).
      if (outcome !== "allowed") {
        if (outcome !== "quota_exceeded") waitUntil(redis.decr(quota).catch(() => {}));
        if (minuteResult.success) waitUntil(minute.limit(record.id, { rate: -1 }).catch(() => {}));
        if (burstResult.success) {
          waitUntil(bucket.limit(record.id, { rate: -1 }).catch(() => {}));
        }
      }
      return {
        outcome,
        failOpen: false,
        policies,
        keyVersion,
        organizationVersion,
        monthly: { ...enforcement, used },
      };
    },
  };
}
