// Steps 5 (revocation bound), 8 and 9: one parallel round of Redis calls decides the rate
// limit, the burst bucket and the monthly quota, and reads the key's version stamp. A stamp
// newer than the cached record means an admin changed the key: the record is re-read from
// Postgres and checked again, so a revoked key is refused as soon as Redis has the stamp.
import { ApiError } from "@edgegate/shared/errors";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../context.ts";
import { assertKeyUsable, lookupOrUnavailable, recordFromLookup } from "./authenticate.ts";
import { assertAuthorized } from "./authorize.ts";
import type { GatewayPath } from "./path.ts";
import { rateLimitHeaders, retryAfterSeconds } from "./rate-limit-headers.ts";

let failOpenCount = 0;

export const limit = createMiddleware<AppEnv>(async (c, next) => {
  const state = c.var.gateway;
  const { limiter, keyStore } = c.var.services;
  let record = state.record;
  if (!record || !state.keyHash) throw new Error("limit runs after authenticate");
  const now = Date.now();
  const decision = await limiter.check(record, now, (promise) => c.executionCtx.waitUntil(promise));
  state.decision = decision;
  if (decision.failOpen) {
    failOpenCount++;
    console.warn(
      JSON.stringify({
        event: "ratelimit_fail_open",
        requestId: c.var.requestId,
        isolateCount: failOpenCount,
      }),
    );
  }

  if (decision.keyVersion !== null && decision.keyVersion > record.version) {
    const keyHash = state.keyHash;
    record = recordFromLookup(await lookupOrUnavailable(() => keyStore.refresh(keyHash)));
    state.record = record;
    assertKeyUsable(record, now);
    assertAuthorized(record, state.clientIp, c.req.method, state.path as GatewayPath);
  }

  const headers = rateLimitHeaders(decision, now);
  if (decision.outcome !== "allowed") {
    const [code, policy] =
      decision.outcome === "rate_limited"
        ? (["RATE_LIMITED", "minute"] as const)
        : decision.outcome === "burst_limited"
          ? (["BURST_LIMITED", "burst"] as const)
          : (["QUOTA_EXCEEDED", "monthly"] as const);
    headers["Retry-After"] = String(retryAfterSeconds(decision, policy, now));
    throw new ApiError(code, undefined, { headers });
  }
  await next();
  for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
});
