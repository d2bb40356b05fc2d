// The isolate's own copy of each key's limits, used when Redis's verdict is missing (timeout,
// error, breaker open) so that fail-open stays bounded: load or an outage cannot switch limits off.
//
// Per key: the same sliding-window approximation @upstash/ratelimit uses (a fixed-minute counter
// plus the previous minute's, weighted by its part still inside the last 60 s) and the same token
// bucket (`burst` tokens, one back every 60 s / perMinute). Every verdict Redis gives is folded in
// (`observe`), so the local copy starts from what all isolates together have used; requests decided
// locally are added on top. The state only ever errs towards counting more than Redis would (a
// verdict never lowers it within a minute), so a burst through one isolate admits at most the
// key's per-minute limit and burst per window without Redis, never more.
//
// Quota: admitted requests whose quota INCR never reached Redis are counted per quota key and
// handed back (`takeUnreconciled`) for an INCRBY once Redis answers again.
import type { RateLimitOutcome } from "@edgegate/shared/events";
import { boundedCache } from "./bounded-cache.ts";

export interface KeyLimits {
  perMinute: number;
  burst: number;
  /** Null: unlimited. */
  monthlyQuota: number | null;
}

/** What Redis answered for one request; null where a command did not answer. */
export interface RedisVerdict {
  minuteRemaining: number | null;
  burstRemaining: number | null;
  quotaUsed: number | null;
}

export interface LocalDecision {
  outcome: RateLimitOutcome;
  minute: { remaining: number; resetAt: number };
  burst: { remaining: number; resetAt: number };
  /** Null when the plan has no monthly quota. */
  quotaRemaining: number | null;
}

export interface LocalLimiter {
  /**
   * A request of this key is waiting for Redis's verdict; call the result when the wait is over
   * (answered or not). Requests still waiting may yet be admitted by Redis, so a local decision
   * counts them as used: a burst split between Redis's verdicts and local ones stays within the limit.
   */
  waiting(keyId: string, limits: KeyLimits, now: number): () => void;
  /**
   * Folds Redis's verdict for this key (and its organization's quota) into the local copy. Answers
   * false when the verdict leaves no room for the requests this isolate admitted on its own this
   * minute (Redis may never have counted them): the request is then refused as over the limit.
   */
  observe(keyId: string, quotaKey: string, limits: KeyLimits, verdict: RedisVerdict, now: number): boolean;
  /** Decides without Redis: the key's limits in this isolate; an admitted request is counted. */
  decide(keyId: string, quotaKey: string, limits: KeyLimits, now: number): LocalDecision;
  /** An admitted request whose quota increment never reached Redis. */
  addUnreconciled(quotaKey: string, count?: number): void;
  /** The count to add to Redis with INCRBY (reset to 0; give it back if the INCRBY fails). */
  takeUnreconciled(quotaKey: string): number;
}

const WINDOW_MS = 60_000;
/** Keys (and quota counters) remembered per isolate; the least recently used are forgotten. */
export const LOCAL_LIMITER_MAX_KEYS = 10_000;

export function refillIntervalMs(perMinute: number): number {
  return Math.max(1, Math.floor(WINDOW_MS / perMinute));
}

interface KeyState {
  window: number;
  current: number;
  previous: number;
  tokens: number;
  refilledAt: number;
  /** Requests waiting for Redis's verdict. */
  waiting: number;
  /** Requests this isolate admitted on its own in the current minute. */
  admittedHere: number;
}

interface QuotaState {
  used: number;
  unreconciled: number;
}

/** Advances the fixed minute and refills the bucket up to `now`. */
function advance(state: KeyState, limits: KeyLimits, now: number): void {
  const window = Math.floor(now / WINDOW_MS);
  if (window !== state.window) {
    state.previous = window === state.window + 1 ? state.current : 0;
    state.current = 0;
    state.admittedHere = 0;
    state.window = window;
  }
  const interval = refillIntervalMs(limits.perMinute);
  const refills = Math.floor((now - state.refilledAt) / interval);
  if (refills > 0) {
    state.tokens = Math.min(limits.burst, state.tokens + refills);
    state.refilledAt += refills * interval;
  }
  if (state.tokens >= limits.burst) state.refilledAt = now;
}

function used(state: KeyState, now: number): number {
  const elapsed = (now % WINDOW_MS) / WINDOW_MS;
  return Math.floor(state.previous * (1 - elapsed)) + state.current;
}

export function createLocalLimiter(maxKeys = LOCAL_LIMITER_MAX_KEYS): LocalLimiter {
  const keys = boundedCache<string, KeyState>(maxKeys);
  // One per organization and month. Evicting one with an unreconciled count loses that count:
  // it takes 10,000 other organizations failing open in the same isolate first.
  const quotas = boundedCache<string, QuotaState>(maxKeys);

  const keyState = (keyId: string, limits: KeyLimits, now: number): KeyState => {
    let state = keys.get(keyId);
    if (!state) {
      state = {
        window: Math.floor(now / WINDOW_MS),
        current: 0,
        previous: 0,
        tokens: limits.burst,
        refilledAt: now,
        waiting: 0,
        admittedHere: 0,
      };
      keys.set(keyId, state);
    }
    advance(state, limits, now);
    return state;
  };
  const quotaState = (quotaKey: string): QuotaState => {
    let state = quotas.get(quotaKey);
    if (!state) {
      state = { used: 0, unreconciled: 0 };
      quotas.set(quotaKey, state);
    }
    return state;
  };

  return {
    waiting(keyId, limits, now) {
      const state = keyState(keyId, limits, now);
      state.waiting++;
      let done = false;
      return () => {
        if (done) return;
        done = true;
        state.waiting = Math.max(0, state.waiting - 1);
      };
    },

    observe(keyId, quotaKey, limits, verdict, now) {
      const state = keyState(keyId, limits, now);
      if (verdict.minuteRemaining !== null) {
        // Fold the weighted previous minute into this one: simpler, and it only ever counts more.
        state.current = Math.max(used(state, now), limits.perMinute - verdict.minuteRemaining);
        state.previous = 0;
      }
      if (verdict.burstRemaining !== null) state.tokens = Math.min(state.tokens, verdict.burstRemaining);
      if (verdict.quotaUsed !== null) {
        const quota = quotaState(quotaKey);
        quota.used = Math.max(quota.used, verdict.quotaUsed);
      }
      return verdict.minuteRemaining === null || state.admittedHere <= verdict.minuteRemaining;
    },

    decide(keyId, quotaKey, limits, now) {
      const state = keyState(keyId, limits, now);
      const quota = limits.monthlyQuota === null ? null : quotaState(quotaKey);
      let outcome: RateLimitOutcome = "allowed";
      if (used(state, now) + state.waiting >= limits.perMinute) outcome = "rate_limited";
      else if (state.tokens - state.waiting < 1) outcome = "burst_limited";
      else if (quota && limits.monthlyQuota !== null && quota.used >= limits.monthlyQuota)
        outcome = "quota_exceeded";
      if (outcome === "allowed") {
        state.current++;
        state.admittedHere++;
        state.tokens--;
        if (quota) quota.used++;
      }
      const interval = refillIntervalMs(limits.perMinute);
      return {
        outcome,
        minute: {
          remaining: Math.max(0, limits.perMinute - used(state, now)),
          resetAt: (state.window + 1) * WINDOW_MS,
        },
        burst: { remaining: Math.max(0, state.tokens), resetAt: state.refilledAt + interval },
        quotaRemaining:
          quota && limits.monthlyQuota !== null ? Math.max(0, limits.monthlyQuota - quota.used) : null,
      };
    },

    addUnreconciled(quotaKey, count = 1) {
      quotaState(quotaKey).unreconciled += count;
    },

    takeUnreconciled(quotaKey) {
      const state = quotas.get(quotaKey);
      if (!state) return 0;
      const count = state.unreconciled;
      state.unreconciled = 0;
      return count;
    },
  };
}

let isolateLimiter: LocalLimiter | undefined;

/** The isolate's one local limiter: it outlives requests (and the env objects tests build). */
export function isolateLocalLimiter(): LocalLimiter {
  isolateLimiter ??= createLocalLimiter();
  return isolateLimiter;
}
