import { Redis } from "@upstash/redis/cloudflare";
import type { Config } from "../config.ts";
import { upstashGroupCommit } from "./upstash-group-commit.ts";

/**
 * The Upstash client with the hot-path timeout: every command is aborted after
 * REDIS_TIMEOUT_MS (or `abortAfterMs`), and the client never retries (a retry would multiply
 * the stall).
 * Replies come as plain JSON rather than the default base64 (which only matters for binary
 * strings; everything stored here is numbers, ids and JSON), which spares a decode of every
 * reply on the request path; SDK telemetry headers are not sent.
 */
export function createRedis(config: Config, abortAfterMs = config.REDIS_TIMEOUT_MS): Redis {
  return new Redis({
    url: config.UPSTASH_REDIS_REST_URL,
    token: config.UPSTASH_REDIS_REST_TOKEN,
    retry: false,
    responseEncoding: false,
    enableTelemetry: false,
    signal: () => AbortSignal.timeout(abortAfterMs),
  });
}

/**
 * The hot path's client: like `createRedis`, but its calls share REST round trips with the other
 * requests of this isolate (group commit, see upstash-group-commit.ts); a batch's call is aborted
 * after `capMs`. `keepAlive` is the request's waitUntil: a request stays alive until its replies
 * arrive, since it may be the one sending a batch that others wait for.
 */
export function createGroupCommitRedis(
  config: Config,
  capMs: number,
  keepAlive: (promise: Promise<unknown>) => void,
): Redis {
  const redis = createRedis(config, capMs);
  const groupCommit = upstashGroupCommit(
    config.UPSTASH_REDIS_REST_URL,
    config.UPSTASH_REDIS_REST_TOKEN,
    capMs,
  );
  // The client's public middleware hook: calls that cannot share a batch go out as before.
  redis.use(
    (request, next) => (groupCommit.request(request, keepAlive) ?? next(request)) as ReturnType<typeof next>,
  );
  return redis;
}

/**
 * A circuit breaker per Redis endpoint, per isolate. After TRIP_AFTER rate-limit rounds in a row
 * failed or timed out, requests stop waiting for Redis: they fail open at once (recorded as
 * fail-open, like a timeout) while their round still runs in the background (waitUntil), so
 * counters and quotas keep counting what was served. The first background round that answers in
 * time closes the breaker. A slow Redis (say +500 ms) then costs the first few requests one
 * REDIS_TIMEOUT_MS wait each, not every request. As with any fail-open, the key's version stamp
 * is not read meanwhile: a revoked key is refused again once Redis answers, or once the isolate's
 * cached record (30 s) gives way to the KV copy the admin API refreshed.
 */
export class RedisBreaker {
  static readonly TRIP_AFTER = 3;
  #failures = 0;
  #open = false;

  constructor(readonly endpoint: string) {}

  get open(): boolean {
    return this.#open;
  }

  record(ok: boolean): void {
    if (ok) {
      if (this.#open)
        console.warn(JSON.stringify({ event: "redis_breaker_closed", endpoint: this.endpoint }));
      this.#failures = 0;
      this.#open = false;
      return;
    }
    this.#failures++;
    if (!this.#open && this.#failures >= RedisBreaker.TRIP_AFTER) {
      this.#open = true;
      console.warn(
        JSON.stringify({ event: "redis_breaker_open", endpoint: this.endpoint, failures: this.#failures }),
      );
    }
  }
}

const breakers = new Map<string, RedisBreaker>();

/** The isolate's breaker for `endpoint` (UPSTASH_REDIS_REST_URL). */
export function redisBreaker(endpoint: string): RedisBreaker {
  let breaker = breakers.get(endpoint);
  if (!breaker) {
    breaker = new RedisBreaker(endpoint);
    breakers.set(endpoint, breaker);
  }
  return breaker;
}
