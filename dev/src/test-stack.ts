// The local stack for the Worker tests, run as its own Node process by the vitest global setup
// (so Node-only clients never load inside Vite's module runner). It migrates the test database,
// starts everything on free ports, empties the test Redis database, prints one line
// `READY <json>` with the Worker env, and stops on SIGTERM/SIGINT or when its parent goes away.
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { Redis } from "@upstash/redis";
import pg from "pg";
import { startDelayProxy } from "./delay-proxy.ts";
import { ensureDatabase, migrateDatabase } from "./migrate.ts";
import { freePorts } from "./ports.ts";
import { startLocalStack } from "./stack.ts";
import { DEMO_CATALOG, standInWorkerEnv } from "./stripe/catalog.ts";
import { startStripeStandIn } from "./stripe/server.ts";
import { testSettings } from "./test-settings.ts";
import { startUpstashBridge } from "./upstash-bridge.ts";
import { startWebhookReceiver } from "./webhook-receiver.ts";

/** An HTTP server that accepts connections and never answers: a hung dependency. */
async function startBlackHole(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer(() => {});
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

const { databaseUrl, redisUrl } = testSettings();
await ensureDatabase(databaseUrl);
await migrateDatabase(databaseUrl);
// Webhook deliveries an earlier run left pending point at that run's receiver, gone now: end
// them, so this run's cron-sweep test does not spend attempts on dead ports.
const cleanup = new pg.Client({ connectionString: databaseUrl });
await cleanup.connect();
await cleanup.query(
  "update webhook_deliveries set status = 'failed', last_error = 'test stack restarted' where status = 'pending'",
);
await cleanup.end();
const [neonHttp, neonWs, upstash, upstream] = (await freePorts(4)) as [number, number, number, number];
const stack = await startLocalStack({
  databaseUrl,
  redisUrl,
  redisToken: "test-token",
  ports: { neonHttp, neonWs, upstash, upstream },
});
await new Redis({
  url: stack.workerEnv.UPSTASH_REDIS_REST_URL,
  token: stack.workerEnv.UPSTASH_REDIS_REST_TOKEN,
}).flushdb();
const blackHole = await startBlackHole();
// A slow Redis: a second Upstash bridge that reaches the same Redis through a TCP proxy holding
// every reply for SLOW_REDIS_DELAY_MS (the fail-open tests' "Redis +500 ms").
const SLOW_REDIS_DELAY_MS = 500;
const redisTarget = new URL(redisUrl);
const delayProxy = await startDelayProxy({
  target: { host: redisTarget.hostname, port: Number(redisTarget.port || 6379) },
  delayMs: SLOW_REDIS_DELAY_MS,
});
const slowRedisUrl = new URL(redisUrl);
slowRedisUrl.port = String(delayProxy.port);
const slowBridge = await startUpstashBridge({
  redisUrl: slowRedisUrl.href,
  token: stack.workerEnv.UPSTASH_REDIS_REST_TOKEN,
});
const receiver = await startWebhookReceiver();
// The Stripe stand-in: Worker tests cannot be reached over HTTP, so its events are only recorded
// (GET /_standin/deliveries) and the tests hand them to the Worker byte for byte.
const STRIPE_WEBHOOK_SECRET = "whsec_test_edgegate";
const stripeStandIn = await startStripeStandIn({
  catalog: DEMO_CATALOG,
  webhookSecret: STRIPE_WEBHOOK_SECRET,
});

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await blackHole.close();
  await slowBridge.close();
  await delayProxy.close();
  await receiver.close();
  await stripeStandIn.close();
  await stack.close();
  process.exit(0);
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
process.on("disconnect", stop);
process.stdin.on("end", stop);
process.stdin.resume();

const workerEnv = {
  ...stack.workerEnv,
  ENVIRONMENT: "test",
  BETTER_AUTH_SECRET: "test-better-auth-secret-0123456789abcdef",
  WEBHOOK_SECRET_ENCRYPTION_KEY: "dGVzdC13ZWJob29rLWVuY3J5cHRpb24ta2V5LTAxMjM=",
  ...standInWorkerEnv(stripeStandIn.url, STRIPE_WEBHOOK_SECRET, "sk_test_edgegate"),
  // A short retry schedule (4 attempts) and timeout, so the webhook tests run the whole of it.
  WEBHOOK_RETRY_SCHEDULE: "0,1,1,1",
  WEBHOOK_TIMEOUT_MS: "2000",
};
console.log(
  `READY ${JSON.stringify({ workerEnv, blackHoleUrl: blackHole.url, slowRedisUrl: slowBridge.url, webhookReceiverUrl: receiver.url, stripeStandInUrl: stripeStandIn.url })}`,
);
