// One child process of the benchmark's local stack (so the load generator, the demo upstream and
// the Redis/Postgres endpoints never share an event loop). Role "upstream": the demo upstream.
// Role "data": the Neon HTTP endpoint + WS relay, the Upstash bridge, and a second "slow" bridge
// that reaches Redis through a TCP proxy adding a delay (the fail-open run).
// Role "receivers": the local webhook receiver and the Stripe stand-in, the real HTTP servers the
// webhook and usage-report scenarios talk to (bench/src/webhooks.ts, bench/src/usage-report.ts).
// Prints `READY <json>` and answers `{ type: "stats" }` IPC messages with the servers' counters.

import { startDelayProxy } from "@edgegate/dev/delay-proxy";
import { startDemoUpstream } from "@edgegate/dev/demo-upstream";
import { startNeonHttpEndpoint } from "@edgegate/dev/neon-http";
import { startNeonWsRelay } from "@edgegate/dev/neon-ws-relay";
import { DEMO_CATALOG } from "@edgegate/dev/stripe/catalog";
import { startStripeStandIn } from "@edgegate/dev/stripe/server";
import { startUpstashBridge } from "@edgegate/dev/upstash-bridge";
import { startWebhookReceiver } from "@edgegate/dev/webhook-receiver";

const role = process.argv[2];
const stats: Record<string, () => unknown> = {};
const closers: (() => Promise<void>)[] = [];
let ready: Record<string, unknown>;

if (role === "upstream") {
  const upstream = await startDemoUpstream({ port: 0 });
  stats.upstream = upstream.stats;
  closers.push(upstream.close);
  ready = { upstreamUrl: upstream.url };
} else if (role === "data") {
  const databaseUrl = process.env.BENCH_DATABASE_URL as string;
  const redisUrl = new URL(process.env.BENCH_REDIS_URL as string);
  const token = process.env.BENCH_REDIS_TOKEN as string;
  const delayMs = Number(process.env.BENCH_REDIS_DELAY_MS ?? "500");
  const database = new URL(databaseUrl);
  const neonHttp = await startNeonHttpEndpoint({ port: 0, postgresUrl: databaseUrl });
  const neonWs = await startNeonWsRelay({
    port: 0,
    allowedTargets: [`${database.hostname}:${database.port || 5432}`],
  });
  const bridge = await startUpstashBridge({ port: 0, redisUrl: redisUrl.href, token });
  const proxy = await startDelayProxy({
    target: { host: redisUrl.hostname, port: Number(redisUrl.port || 6379) },
    delayMs,
  });
  const slowRedisUrl = new URL(redisUrl.href);
  slowRedisUrl.port = String(proxy.port);
  const slowBridge = await startUpstashBridge({ port: 0, redisUrl: slowRedisUrl.href, token });
  stats.neonHttp = neonHttp.stats;
  stats.bridge = bridge.stats;
  stats.slowBridge = slowBridge.stats;
  closers.push(slowBridge.close, proxy.close, bridge.close, neonWs.close, neonHttp.close);
  ready = {
    neonHttpUrl: neonHttp.url,
    neonWsProxy: `127.0.0.1:${neonWs.port}`,
    upstashUrl: bridge.url,
    slowUpstashUrl: slowBridge.url,
  };
} else if (role === "receivers") {
  const receiver = await startWebhookReceiver({ port: 0 });
  const stripe = await startStripeStandIn({
    catalog: DEMO_CATALOG,
    webhookSecret: process.env.BENCH_STRIPE_WEBHOOK_SECRET as string,
  });
  stats.stripe = () => ({ meterEvents: stripe.ledger.meterEvents.size });
  closers.push(receiver.close, stripe.close);
  ready = { receiverUrl: receiver.url, stripeUrl: stripe.url };
} else {
  console.error(`unknown role ${role}`);
  process.exit(2);
}

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  for (const close of closers) await close().catch(() => {});
  process.exit(0);
}
process.on("message", (message: { type: string; id: number }) => {
  if (message.type === "stats") {
    const snapshot = Object.fromEntries(Object.entries(stats).map(([name, get]) => [name, get()]));
    process.send?.({ type: "stats", id: message.id, stats: snapshot });
  } else if (message.type === "stop") void stop();
});
process.on("disconnect", () => void stop());
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
console.log(`READY ${JSON.stringify(ready)}`);
