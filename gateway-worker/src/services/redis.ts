import { Redis } from "@upstash/redis/cloudflare";
import type { Config } from "../config.ts";

/**
 * The Upstash client with the hot-path timeout: every command is aborted after
 * REDIS_TIMEOUT_MS, and the client never retries (a retry would multiply the stall).
 */
export function createRedis(config: Config): Redis {
  return new Redis({
    url: config.UPSTASH_REDIS_REST_URL,
    token: config.UPSTASH_REDIS_REST_TOKEN,
    retry: false,
    signal: () => AbortSignal.timeout(config.REDIS_TIMEOUT_MS),
  });
}
