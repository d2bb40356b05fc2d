// Rate-limit response headers. X-RateLimit-* describe the per-minute window (the de-facto
// convention; Reset is epoch seconds). RateLimit-Policy / RateLimit follow the IETF httpapi
// draft's structured fields, one item per policy that can refuse: "minute", "burst", and
// "monthly" (hard_cap: refused at the plan's quota) or "spend-cap" (bill_overage with a cap:
// refused at quota + cap). X-Quota-* describe the plan's included monthly quota whatever the
// overage policy, so a consumer billed for overage still sees where the included part ends.
import type { LimitDecision, PolicyName, PolicyState } from "../services/limiter.ts";

export function rateLimitHeaders(decision: LimitDecision, now: number): Record<string, string> {
  const headers: Record<string, string> = {};
  const minute = decision.policies.find((policy) => policy.name === "minute");
  if (minute) {
    headers["X-RateLimit-Limit"] = String(minute.limit);
    if (minute.remaining !== null) headers["X-RateLimit-Remaining"] = String(minute.remaining);
    headers["X-RateLimit-Reset"] = String(Math.ceil(minute.resetAt / 1000));
  }
  headers["RateLimit-Policy"] = decision.policies
    .map((policy) => `"${policy.name}";q=${policy.limit};w=${policy.windowSeconds}`)
    .join(", ");
  const current = decision.policies
    .filter((policy) => policy.remaining !== null)
    .map((policy) => `"${policy.name}";r=${policy.remaining};t=${secondsUntil(policy, now)}`);
  if (current.length > 0) headers.RateLimit = current.join(", ");
  const { includedQuota, policy, refuseAbove, used } = decision.monthly;
  if (includedQuota !== null) {
    headers["X-Quota-Limit"] = String(includedQuota);
    if (used !== null) headers["X-Quota-Remaining"] = String(Math.max(0, includedQuota - used));
    headers["X-Quota-Policy"] = policy;
    if (policy === "bill_overage" && refuseAbove !== null) {
      headers["X-Quota-Spend-Cap"] = String(refuseAbove - includedQuota);
    }
  }
  return headers;
}

function secondsUntil(policy: PolicyState, now: number): number {
  return Math.max(0, Math.ceil((policy.resetAt - now) / 1000));
}

/** Seconds until the refusing policy lets a request through again (at least 1). */
export function retryAfterSeconds(decision: LimitDecision, name: PolicyName, now: number): number {
  const policy = decision.policies.find((p) => p.name === name);
  return policy ? Math.max(1, secondsUntil(policy, now)) : 60;
}
