// The demo upstream: a small httpbin-like API that the gateway proxies to in dev, tests and benchmarks.
// Every path echoes the request unless it names one of the routes below; a leading version segment
// (`/v1/...`, as the gateway forwards it) is ignored for routing, so `/v1/echo` is `/echo`.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { fileURLToPath } from "node:url";
import { echo } from "./demo-upstream/echo.ts";
import { DEMO_UPSTREAM_OPENAPI } from "./demo-upstream/openapi.ts";
import * as routes from "./demo-upstream/routes.ts";
import { BadInput, sendJson } from "./demo-upstream/util.ts";
import { listen } from "./ports.ts";

export interface DemoUpstreamOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
}

export interface DemoUpstream {
  url: string;
  port: number;
  /** Stops listening and destroys every open connection (hanging and streaming ones included). */
  close(): Promise<void>;
  stats(): { requests: number };
}

// `param` routes take `/<name>/<value>`; the others match only `/<name>` (or `/<name>/`), so a deeper
// path such as `/health/x` falls through to the echo like any other API path.
const ROUTES = new Map<string, { handler: routes.Handler; param: boolean }>([
  ["status", { handler: routes.status, param: true }],
  ["delay", { handler: routes.delay, param: true }],
  ["bytes", { handler: routes.bytes, param: true }],
  ["stream", { handler: routes.stream, param: true }],
  ["drip", { handler: routes.drip, param: false }],
  ["reset", { handler: routes.reset, param: false }],
  ["hang", { handler: routes.hang, param: false }],
  ["headers", { handler: routes.headers, param: false }],
  ["response-headers", { handler: routes.responseHeaders, param: false }],
  ["health", { handler: routes.health, param: false }],
  // The API's own description, as a customer's API publishes it (the docs site renders it).
  ["openapi.json", { handler: (_req, res) => sendJson(res, 200, DEMO_UPSTREAM_OPENAPI), param: false }],
]);

const VERSION_PREFIX = /^\/v\d+(?=\/|$)/;

const echoHandler: routes.Handler = (req, res, _rest, path, search) => echo(req, res, path, search);

function fail(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    // Too late for a status: cutting the connection is the only honest signal left.
    res.destroy();
    return;
  }
  if (error instanceof BadInput) {
    sendJson(res, 400, { error: error.message });
    return;
  }
  console.error("demo upstream: handler failed", error);
  sendJson(res, 500, { error: "internal error" });
}

function dispatch(req: IncomingMessage, res: ServerResponse): void {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const path = q === -1 ? url : url.slice(0, q);
  const search = q === -1 ? "" : url.slice(q + 1);
  // Only pay for the regex when the path can start with a version segment.
  const routed = path.startsWith("/v") ? path.replace(VERSION_PREFIX, "") || "/" : path;
  const slash = routed.indexOf("/", 1);
  const name = slash === -1 ? routed.slice(1) : routed.slice(1, slash);
  const rest = slash === -1 ? undefined : routed.slice(slash + 1);
  const route = ROUTES.get(name);
  const handler = route && (route.param || rest === undefined || rest === "") ? route.handler : echoHandler;
  try {
    const pending = handler(req, res, rest, path, search);
    if (pending) pending.catch((error: unknown) => fail(res, error));
  } catch (error) {
    fail(res, error);
  }
}

export async function startDemoUpstream(opts: DemoUpstreamOptions = {}): Promise<DemoUpstream> {
  const host = opts.host ?? "127.0.0.1";
  let requests = 0;
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    requests++;
    dispatch(req, res);
  });
  // Idle keep-alive connections outlive the clients' own idle timeouts (undici: 4 s), so a client never
  // reuses a socket the server is closing at that moment (which surfaces as a spurious ECONNRESET).
  server.keepAliveTimeout = 65_000;
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });

  const { port, urlHost } = await listen(server, opts.port ?? 0, host);

  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    stats: () => ({ requests }),
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Destroying the sockets fires each response's 'close', which clears its pending timers.
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}

// `node dev/src/demo-upstream.ts`: serve on DEMO_UPSTREAM_PORT (default 8788) until SIGINT/SIGTERM.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const raw = process.env.DEMO_UPSTREAM_PORT ?? "8788";
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65_535) {
    console.error(`DEMO_UPSTREAM_PORT must be a port number, got ${JSON.stringify(raw)}`);
    process.exit(1);
  }
  const upstream = await startDemoUpstream({ port, host: process.env.DEMO_UPSTREAM_HOST || undefined });
  console.log(`demo upstream: ${upstream.url}`);
  const stop = () => void upstream.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
