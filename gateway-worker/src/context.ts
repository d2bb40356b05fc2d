// The per-request service container. `servicesMiddleware` is the only place that reads `env`:
// handlers reach Postgres, Redis, KV and queues through `c.var.services`, which tests can
// rebuild against local-but-real implementations.
import type { Redis } from "@upstash/redis/cloudflare";
import { createMiddleware } from "hono/factory";
import type { Caller } from "./auth/caller.ts";
import { type Config, loadConfig } from "./config.ts";
import type { GatewayState } from "./gateway/state.ts";
import { type Analytics, createAnalytics } from "./services/analytics/index.ts";
import { createDatabase, type Database } from "./services/database.ts";
import { createKeyStore, type KeyStore } from "./services/key-store.ts";
import { createLimiter, type Limiter } from "./services/limiter.ts";
import { createRedis } from "./services/redis.ts";

export interface Services {
  config: Config;
  database: Database;
  redis: Redis;
  keyCache: KVNamespace;
  requestLogQueue: Queue;
  webhookQueue: Queue;
  keyStore: KeyStore;
  limiter: Limiter;
  analytics: Analytics;
}

export interface AppEnv {
  Bindings: Env;
  Variables: { requestId: string; services: Services; gateway: GatewayState; caller?: Caller };
}

export function createServices(env: Env): Services {
  const config = loadConfig(env);
  const database = createDatabase(config);
  const redis = createRedis(config);
  return {
    config,
    database,
    redis,
    keyCache: env.KEY_CACHE,
    requestLogQueue: env.REQUEST_LOGS,
    webhookQueue: env.WEBHOOK_DELIVERIES,
    keyStore: createKeyStore(database, env.KEY_CACHE),
    limiter: createLimiter(redis, config.REDIS_TIMEOUT_MS),
    analytics: createAnalytics(database),
  };
}

export const servicesMiddleware = createMiddleware<AppEnv>(async (c, next) => {
  c.set("services", createServices(c.env));
  await next();
});
