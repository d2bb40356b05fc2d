// The per-request service container. `servicesMiddleware` is the only place that reads `env`:
// handlers reach Postgres, Redis, KV and queues through `c.var.services`, which tests can
// rebuild against local-but-real implementations.
import type { Redis } from "@upstash/redis/cloudflare";
import { createMiddleware } from "hono/factory";
import { type Config, loadConfig } from "./config.ts";
import { createDatabase, type Database } from "./services/database.ts";
import { createRedis } from "./services/redis.ts";

export interface Services {
  config: Config;
  database: Database;
  redis: Redis;
  keyCache: KVNamespace;
  requestLogQueue: Queue;
  webhookQueue: Queue;
}

export interface AppEnv {
  Bindings: Env;
  Variables: { requestId: string; services: Services };
}

export function createServices(env: Env): Services {
  const config = loadConfig(env);
  return {
    config,
    database: createDatabase(config),
    redis: createRedis(config),
    keyCache: env.KEY_CACHE,
    requestLogQueue: env.REQUEST_LOGS,
    webhookQueue: env.WEBHOOK_DELIVERIES,
  };
}

export const servicesMiddleware = createMiddleware<AppEnv>(async (c, next) => {
  c.set("services", createServices(c.env));
  await next();
});
