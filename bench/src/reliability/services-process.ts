// The reliability suite's local stack, one child process (so its memory is measured apart from the
// load generator's): the Neon HTTP endpoint and WebSocket relay in front of Postgres, the Upstash
// bridge in front of the suite's private redis-server, the demo upstream, and the local webhook
// receiver (dev/src/webhook-receiver.ts). Postgres, Redis and the receiver are each reached through
// a switch proxy, so a fault can cut or slow them mid-load.
// Prints `READY <json>`; IPC: { type: "proxy", target: "postgres" | "redis" | "receiver", mode } switches a
// proxy, { type: "stats" } answers with counters, { type: "stop" } closes everything.
import { startDemoUpstream } from "@edgegate/dev/demo-upstream";
import { startNeonHttpEndpoint } from "@edgegate/dev/neon-http";
import { startNeonWsRelay } from "@edgegate/dev/neon-ws-relay";
import { startUpstashBridge } from "@edgegate/dev/upstash-bridge";
import { startWebhookReceiver } from "@edgegate/dev/webhook-receiver";
import { type ProxyMode, startSwitchProxy } from "./switch-proxy.ts";

const databaseUrl = new URL(process.env.REL_DATABASE_URL as string);
const redisPort = Number(process.env.REL_REDIS_PORT);
const token = process.env.REL_REDIS_TOKEN as string;

const pgProxy = await startSwitchProxy({
  host: databaseUrl.hostname,
  port: Number(databaseUrl.port || 5432),
});
const redisProxy = await startSwitchProxy({ host: "127.0.0.1", port: redisPort });
// Everything in front of Postgres connects through the proxy, as it would to Postgres itself.
const viaProxy = new URL(databaseUrl.href);
viaProxy.port = String(pgProxy.port);
const neonHttp = await startNeonHttpEndpoint({ port: 0, postgresUrl: viaProxy.href });
const neonWs = await startNeonWsRelay({ port: 0, allowedTargets: [`127.0.0.1:${pgProxy.port}`] });
const bridge = await startUpstashBridge({
  port: 0,
  redisUrl: `redis://127.0.0.1:${redisProxy.port}/0`,
  token,
});
const upstream = await startDemoUpstream({ port: 0 });
const receiver = await startWebhookReceiver({ port: 0 });
const receiverProxy = await startSwitchProxy({ host: "127.0.0.1", port: receiver.port });

const proxies = { postgres: pgProxy, redis: redisProxy, receiver: receiverProxy };
let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  for (const service of [receiverProxy, receiver, upstream, bridge, neonWs, neonHttp, redisProxy, pgProxy])
    await service.close().catch(() => {});
  process.exit(0);
}

type Message =
  | { type: "proxy"; id: number; target: keyof typeof proxies; mode: ProxyMode }
  | { type: "stats"; id: number }
  | { type: "stop" };
process.on("message", (message: Message) => {
  if (message.type === "proxy") {
    proxies[message.target].set(message.mode);
    process.send?.({ type: "ack", id: message.id });
  } else if (message.type === "stats") {
    const stats = {
      neonHttp: neonHttp.stats(),
      bridge: bridge.stats(),
      upstream: upstream.stats(),
      pgProxy: pgProxy.stats(),
      redisProxy: redisProxy.stats(),
    };
    process.send?.({ type: "ack", id: message.id, stats });
  } else if (message.type === "stop") void stop();
});
process.on("disconnect", () => void stop());
process.on("SIGTERM", () => void stop());
console.log(
  `READY ${JSON.stringify({
    neonHttpUrl: neonHttp.url,
    neonWsProxy: `127.0.0.1:${neonWs.port}`,
    // What the Worker's DATABASE_URL names: the relay only lets it reach the proxy.
    databaseUrl: viaProxy.href,
    upstashUrl: bridge.url,
    upstreamUrl: upstream.url,
    // Endpoints are registered at the proxy's address; the suite reads what arrived directly.
    receiverUrl: `http://127.0.0.1:${receiverProxy.port}`,
    receiverControlUrl: receiver.url,
  })}`,
);
