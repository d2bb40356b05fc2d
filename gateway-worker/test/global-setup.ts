// Runs in Node before the Worker tests: a fresh-schema test database, a clean Redis database,
// and the local stack (Neon endpoints, Upstash bridge, demo upstream) on free ports.
import { ensureDatabase, migrateDatabase } from "@edgegate/dev/migrate";
import { freePorts } from "@edgegate/dev/ports";
import { startLocalStack } from "@edgegate/dev/stack";
import { testSettings } from "@edgegate/dev/test-settings";
import { Redis as IoRedis } from "ioredis";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    workerEnv: Record<string, string>;
  }
}

export default async function setup(project: TestProject) {
  const { databaseUrl, redisUrl } = testSettings();
  await ensureDatabase(databaseUrl);
  await migrateDatabase(databaseUrl);
  const redis = new IoRedis(redisUrl, { lazyConnect: true });
  await redis.connect();
  await redis.flushdb();
  redis.disconnect();

  const [neonHttp, neonWs, upstash, upstream] = (await freePorts(4)) as [number, number, number, number];
  const stack = await startLocalStack({
    databaseUrl,
    redisUrl,
    redisToken: "test-token",
    ports: { neonHttp, neonWs, upstash, upstream },
  });
  project.provide("workerEnv", { ...stack.workerEnv, ENVIRONMENT: "test" });
  return () => stack.close();
}
