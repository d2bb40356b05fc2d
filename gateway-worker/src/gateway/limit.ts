// Pipeline step 7 (rate limits and quota; numbered as in docs-site/content/gateway-internals.md),
// which also enforces the revocation bound: one parallel round of Redis calls decides the rate
// limit, the burst bucket and the monthly quota, and reads the key's and its organization's
// version stamps. A stamp newer than the cached record means an admin changed the key, or the
// organization's plan / overage policy changed (billing): the record is re-read from Postgres and
// checked again, so a revoked key is refused as soon as Redis has the stamp. When the limits
// themselves changed, this one request is counted back and decided again under the new limits
// (a second round, once per isolate and change), so its headers already show them.
import { ApiError } from "@edgegate/shared/errors";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../context.ts";
import type { KeyRecord } from "../services/key-store.ts";
import { assertKeyUsable, lookupOrUnavailable, recordFromLookup } from "./authenticate.ts";
import { assertAuthorized } from "./authorize.ts";
import type { GatewayPath } from "./path.ts";
import { rateLimitHeaders, retryAfterSeconds } from "./rate-limit-headers.ts";

let failOpenCount = 0;

export const limit = createMiddleware<AppEnv>(async (c, next) => {
  const state = c.get("gateway");
  const { limiter, keyStore } = c.get("services");
  let record = state.record;
  if (!record || !state.keyHash) throw new Error("limit runs after authenticate");
  const now = Date.now();
  const waitUntil = (promise: Promise<unknown>) => c.executionCtx.waitUntil(promise);
  if (record.suspendedAt !== null) {
    // Suspended: refused without counting, once the stamp shows no newer change (unsuspension).
    const stamp = await limiter.organizationVersion(record.organizationId);
    if (stamp !== null && stamp > record.limitsVersion) {
      const keyHash = state.keyHash;
      record = recordFromLookup(await lookupOrUnavailable(() => keyStore.refresh(keyHash)));
      state.record = record;
      assertKeyUsable(record, now);
    }
    if (record.suspendedAt !== null) throw new ApiError("ORGANIZATION_SUSPENDED");
  }
  let decision = await limiter.check(record, now, waitUntil);
  state.decision = decision;
  if (decision.failOpen) {
    failOpenCount++;
    console.warn(
      JSON.stringify({
        event: "ratelimit_fail_open",
        requestId: c.get("requestId"),
        isolateCount: failOpenCount,
      }),
    );
  }

  const keyStale = decision.keyVersion !== null && decision.keyVersion > record.version;
  const limitsStale =
    decision.organizationVersion !== null && decision.organizationVersion > record.limitsVersion;
  if (keyStale || limitsStale) {
    const keyHash = state.keyHash;
    const stale = record;
    record = recordFromLookup(await lookupOrUnavailable(() => keyStore.refresh(keyHash)));
    state.record = record;
    if (record.suspendedAt !== null) {
      // Suspended since the cached copy was made: give back what this request was counted.
      limiter.release(stale, decision, waitUntil);
      throw new ApiError("ORGANIZATION_SUSPENDED");
    }
    assertKeyUsable(record, now);
    assertAuthorized(record, state.clientIp, c.req.method, state.path as GatewayPath);
    if (limitsChanged(stale, record)) {
      limiter.release(stale, decision, waitUntil);
      decision = await limiter.check(record, now, waitUntil);
      state.decision = decision;
    }
  }

  const headers = rateLimitHeaders(decision, now);
  if (decision.outcome !== "allowed") {
    const [code, policy] =
      decision.outcome === "rate_limited"
        ? (["RATE_LIMITED", "minute"] as const)
        : decision.outcome === "burst_limited"
          ? (["BURST_LIMITED", "burst"] as const)
          : decision.monthly.policy === "bill_overage"
            ? (["SPEND_CAP_REACHED", "spend-cap"] as const)
            : (["QUOTA_EXCEEDED", "monthly"] as const);
    headers["Retry-After"] = String(retryAfterSeconds(decision, policy, now));
    throw new ApiError(code, undefined, { headers });
  }
  await next();
  for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
});

/** Whether the limiter would decide differently under `next` than under `previous`. */
function limitsChanged(previous: KeyRecord, next: KeyRecord): boolean {
  return (
    previous.plan !== next.plan ||
    previous.overagePolicy !== next.overagePolicy ||
    previous.spendCapRequests !== next.spendCapRequests ||
    previous.rateLimitPerMinute !== next.rateLimitPerMinute ||
    previous.burstLimit !== next.burstLimit ||
    JSON.stringify(previous.limitsOverride) !== JSON.stringify(next.limitsOverride)
  );
}
