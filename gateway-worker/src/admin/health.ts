// GET /api/health — each dependency checked through its real client, with latency.
// 200 when every check is up, 503 otherwise (so load balancers and `pnpm dev` can poll it).
import { PROBE_KV_PREFIX, type ProbeMessage } from "@edgegate/shared/events";
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";
import type { AppEnv, Services } from "../context.ts";
import { adminRedis } from "../services/admin-redis.ts";
import { errorResponses } from "./schemas.ts";

const CHECK_TIMEOUT_MS = 3_000;

const checkSchema = z.object({
  status: z.enum(["up", "down"]),
  latencyMs: z.number(),
  error: z.string().optional(),
});

const healthSchema = z
  .object({
    status: z.enum(["up", "down"]),
    checks: z.object({
      postgresHttp: checkSchema,
      postgresWebSocket: checkSchema,
      redis: checkSchema,
      kv: checkSchema,
      queue: checkSchema,
    }),
  })
  .openapi("Health");

export const healthRoute = createRoute({
  method: "get",
  path: "/health",
  tags: ["Health"],
  summary: "Dependency health",
  operationId: "getHealth",
  // Public: a load balancer or uptime check calls it without credentials.
  security: [],
  responses: {
    200: { description: "Every dependency is up", content: { "application/json": { schema: healthSchema } } },
    503: {
      description: "At least one dependency is down",
      content: { "application/json": { schema: healthSchema } },
    },
    ...errorResponses(400),
  },
});

type Check = z.infer<typeof checkSchema>;

async function timed(run: () => Promise<unknown>): Promise<Check> {
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([run(), timeout]);
    return { status: "up", latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    // drizzle wraps driver errors ("Failed query: …"); the cause says what actually went wrong.
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    const message = cause instanceof Error ? cause.message : String(cause);
    return {
      status: "down",
      latencyMs: Math.round(performance.now() - started),
      error: message.slice(0, 300),
    };
  } finally {
    clearTimeout(timer);
  }
}

export function checkDependencies(services: Services) {
  const probe: ProbeMessage = { type: "probe", id: crypto.randomUUID(), sentAt: Date.now() };
  return Promise.all([
    timed(() => services.database.db.execute(sql`select 1`)),
    timed(() => services.database.withPool((db) => db.execute(sql`select 1`))),
    timed(async () => {
      // The admin client: the gateway's own gives up after REDIS_TIMEOUT_MS (~100 ms), which a
      // busy but healthy Redis can exceed; this check has CHECK_TIMEOUT_MS.
      if ((await adminRedis(services).ping()) !== "PONG") throw new Error("unexpected PING reply");
    }),
    timed(() => services.keyCache.get(`${PROBE_KV_PREFIX}health`)),
    timed(() => services.requestLogQueue.send(probe)),
  ]).then(([postgresHttp, postgresWebSocket, redis, kv, queue]) => {
    const checks = { postgresHttp, postgresWebSocket, redis, kv, queue };
    const status = Object.values(checks).every((check) => check.status === "up") ? "up" : "down";
    return { status, checks } as const;
  });
}

export const healthHandler: RouteHandler<typeof healthRoute, AppEnv> = async (c) => {
  const report = await checkDependencies(c.var.services);
  c.header("Cache-Control", "no-store");
  return report.status === "up" ? c.json(report, 200) : c.json(report, 503);
};
