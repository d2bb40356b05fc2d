// Redis for the admin API. The services' client carries the gateway's hot-path timeout
// (REDIS_TIMEOUT_MS, ~100 ms, no retries): right for a request that must fail open, wrong for
// an admin change whose propagation must not be skipped. This client waits longer and retries.
import { ApiError } from "@edgegate/shared/errors";
import { Redis } from "@upstash/redis/cloudflare";
import type { Services } from "../context.ts";
import { publishKeyChange } from "./key-sync.ts";

const ADMIN_REDIS_TIMEOUT_MS = 3_000;
const clients = new WeakMap<object, Redis>();

export function adminRedis(services: Pick<Services, "config">): Redis {
  let client = clients.get(services.config);
  if (!client) {
    client = new Redis({
      url: services.config.UPSTASH_REDIS_REST_URL,
      token: services.config.UPSTASH_REDIS_REST_TOKEN,
      retry: { retries: 2, backoff: (attempt) => 50 * 2 ** attempt },
      signal: () => AbortSignal.timeout(ADMIN_REDIS_TIMEOUT_MS),
    });
    clients.set(services.config, client);
  }
  return client;
}

/**
 * `publishKeyChange` for admin routes: the Postgres write has happened; if the change cannot be
 * published the caller is told so (503) instead of believing the gateway already refuses the key.
 */
export async function syncKeyChange(
  services: Pick<Services, "config" | "keyStore">,
  keyHash: string,
): Promise<void> {
  try {
    await publishKeyChange({ keyStore: services.keyStore, redis: adminRedis(services) }, keyHash);
  } catch (error) {
    console.error("key change saved but not published", error);
    throw new ApiError(
      "SERVICE_UNAVAILABLE",
      "The change was saved but could not be propagated to the gateway yet; retry the request.",
      { headers: { "Retry-After": "2" } },
    );
  }
}
