// The gateway data plane under /v1: the pipeline runs in the order below, each step a
// middleware, and every request (refused or proxied) produces one request event. The steps are
// numbered as docs-site/content/gateway-internals.md describes them: 1 request id (app-wide,
// src/request-id.ts), 2–4 authenticate, 5–6 authorize, 7 limit, 8 proxy, 9 request event.
// The steps read the request's variables with `c.get(name)`, never `c.var.name`: Hono builds
// `c.var` afresh from its map on every access (an object per read, a dozen reads per request).
import type { ErrorCode } from "@edgegate/shared/errors";
import { Hono, type MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../context.ts";
import { GATEWAY_ERROR_HEADER, handleError } from "../errors.ts";
import { authenticate } from "./authenticate.ts";
import { authorize } from "./authorize.ts";
import { parseClientIp } from "./client-ip.ts";
import { limit } from "./limit.ts";
import { parseGatewayPath } from "./path.ts";
import { proxy } from "./proxy.ts";
import { sendRequestEvent } from "./request-event.ts";
import { newGatewayState } from "./state.ts";

/** Starts the request's state, and emits its event whatever the outcome. */
const record = createMiddleware<AppEnv>(async (c, next) => {
  const state = newGatewayState(Date.now());
  state.clientIp = parseClientIp(c.req.header("CF-Connecting-IP"));
  c.set("gateway", state);
  try {
    state.path = parseGatewayPath(c.req.url);
    await next();
  } catch (error) {
    c.res = handleError(error, c);
  }
  const code = c.res.headers.get(GATEWAY_ERROR_HEADER);
  if (code && !state.errorCode) state.errorCode = code as ErrorCode;
  sendRequestEvent(c, state);
});

/**
 * Browser callers (the docs playground): preflights are answered here, before any key check.
 * Only requests that carry `Origin` go through hono/cors: for the others (servers, the common
 * case) it would set Access-Control-Expose-Headers, which means nothing without an allowed
 * origin, and each header it sets after the handler copies the whole response again (a
 * measurable share of a proxied request's CPU). Those still get `Vary: Origin`, so a shared
 * cache never hands their response to a browser origin.
 */
function browserCors(): MiddlewareHandler<AppEnv> {
  const handle = cors({
    origin: (origin, c) => (c.get("services").config.CORS_ALLOWED_ORIGINS.includes(origin) ? origin : null),
    allowMethods: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
    allowHeaders: ["Authorization", "X-API-Key", "Content-Type", "Accept"],
    exposeHeaders: [
      "X-Request-ID",
      "X-RateLimit-Limit",
      "X-RateLimit-Remaining",
      "X-RateLimit-Reset",
      "RateLimit-Policy",
      "RateLimit",
      "Retry-After",
      GATEWAY_ERROR_HEADER,
    ],
    maxAge: 600,
  });
  return async (c, next) => {
    if (c.req.header("Origin") !== undefined) return handle(c, next);
    await next();
    c.res.headers.append("Vary", "Origin");
  };
}

export function createGatewayApp() {
  const gateway = new Hono<AppEnv>();
  gateway.use(browserCors(), record, authenticate, authorize, limit);
  gateway.all("*", proxy);
  return gateway;
}
