// A local Upstash-REST-compatible bridge in front of a real Redis, so @upstash/redis and
// @upstash/ratelimit work in development and tests exactly as against Upstash: `POST /` (one command
// as a JSON array), `POST /pipeline`, `POST /multi-exec` (a real MULTI/EXEC), the `/set/foo/bar` path
// form, Bearer-token auth, and `Upstash-Encoding: base64` replies. Ratelimit's Upstash-only script
// flag is stripped for Redis 7.0 (see upstash-bridge/scripts.ts).
//
// Run directly: `UPSTASH_REDIS_REST_TOKEN=... REDIS_URL=redis://127.0.0.1:6379/0 UPSTASH_BRIDGE_PORT=8079
// node dev/src/upstash-bridge.ts`.
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { listen } from "./ports.ts";
import { createHandler } from "./upstash-bridge/http.ts";
import { RedisSide } from "./upstash-bridge/redis.ts";
import { ScriptRegistry } from "./upstash-bridge/scripts.ts";

export interface UpstashBridgeOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** The Redis to serve, e.g. redis://127.0.0.1:6379/0 (the path picks the logical database). */
  redisUrl: string;
  /** The bearer token clients must send (UPSTASH_REDIS_REST_TOKEN). */
  token: string;
}

export interface UpstashBridge {
  /** http://host:port — UPSTASH_REDIS_REST_URL for the client. */
  url: string;
  port: number;
  close(): Promise<void>;
  /** HTTP requests received and commands sent to Redis (MULTI/EXEC and script fallbacks included). */
  stats(): { commands: number; requests: number };
}

function redacted(redisUrl: string): string {
  try {
    const url = new URL(redisUrl);
    if (url.password) url.password = "***";
    return url.toString();
  } catch {
    return "(unparsable REDIS_URL)";
  }
}

export async function startUpstashBridge(opts: UpstashBridgeOptions): Promise<UpstashBridge> {
  if (!opts.token) throw new Error("startUpstashBridge: a non-empty token is required");
  const redis = new RedisSide(opts.redisUrl, new ScriptRegistry());
  let commandNames: Set<string>;
  try {
    // Also proves Redis is reachable before anyone is told the bridge is up.
    commandNames = await redis.commandNames();
  } catch (error) {
    await redis.close();
    throw new Error(
      `Upstash bridge: cannot reach Redis at ${redacted(opts.redisUrl)}: ${(error as Error).message}`,
    );
  }

  const counters = { requests: 0 };
  const server = createServer(createHandler({ token: opts.token, redis, commandNames, counters }));
  // Clients (undici, workerd) reuse connections; outlive their idle timeouts so the server is never
  // the side that closes a socket a request is just being written to.
  server.keepAliveTimeout = 65_000;
  const host = opts.host ?? "127.0.0.1";
  let address: { port: number; urlHost: string };
  try {
    address = await listen(server, opts.port ?? 0, host);
  } catch (error) {
    await redis.close();
    throw error;
  }
  const { port, urlHost } = address;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    stats: () => ({ commands: redis.commands, requests: counters.requests }),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await redis.close();
    },
  };
}

// `node dev/src/upstash-bridge.ts`: serve UPSTASH_BRIDGE_PORT in front of REDIS_URL.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const token = process.env.UPSTASH_REDIS_REST_TOKEN;
  if (!token) {
    console.error("set UPSTASH_REDIS_REST_TOKEN to the token clients will send");
    process.exit(1);
  }
  const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379/0";
  const bridge = await startUpstashBridge({
    port: Number(process.env.UPSTASH_BRIDGE_PORT ?? 8079),
    redisUrl,
    token,
  });
  console.log(`upstash bridge: ${bridge.url} -> ${redacted(redisUrl)}`);
  const stop = () => void bridge.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
