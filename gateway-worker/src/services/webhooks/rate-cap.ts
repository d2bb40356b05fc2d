// The per-endpoint rate cap (deliveries per second), so a burst of events does not flood a small
// receiver: a fixed one-second window per endpoint in Redis (@upstash/ratelimit). A delivery over
// the cap is deferred a second without an attempt. If Redis does not answer, the delivery goes
// out (the cap protects the receiver's comfort, not a security boundary).
import { Ratelimit } from "@upstash/ratelimit";
import type { Redis } from "@upstash/redis/cloudflare";

export type RateCap = (endpointId: string, perSecond: number) => Promise<boolean>;

export function createRateCap(redis: () => Redis): RateCap {
  const limiters = new Map<number, Ratelimit>();
  return async (endpointId, perSecond) => {
    let limiter = limiters.get(perSecond);
    if (!limiter) {
      limiter = new Ratelimit({
        redis: redis(),
        limiter: Ratelimit.fixedWindow(perSecond, "1 s"),
        prefix: `eg:whrate:${perSecond}`,
        ephemeralCache: false,
        analytics: false,
      });
      limiters.set(perSecond, limiter);
    }
    try {
      return (await limiter.limit(endpointId)).success;
    } catch (error) {
      console.warn(
        JSON.stringify({ event: "webhook_rate_cap_unavailable", endpointId, error: String(error) }),
      );
      return true;
    }
  };
}
