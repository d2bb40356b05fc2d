// V2 (benchmark only, never deployed): the gateway's own middlewares — request id, services,
// key lookup (isolate cache → KV → Postgres), IP allowlist and scopes, streaming proxy — composed
// WITHOUT the rate limiter and without the request event, to price those two separately.

import { type AppEnv, servicesMiddleware } from "@edgegate/gateway-worker/context";
import { handleError, handleNotFound } from "@edgegate/gateway-worker/errors";
import { authenticate } from "@edgegate/gateway-worker/gateway/authenticate";
import { authorize } from "@edgegate/gateway-worker/gateway/authorize";
import { parseClientIp } from "@edgegate/gateway-worker/gateway/client-ip";
import { parseGatewayPath } from "@edgegate/gateway-worker/gateway/path";
import { proxy } from "@edgegate/gateway-worker/gateway/proxy";
import { newGatewayState } from "@edgegate/gateway-worker/gateway/state";
import { requestIdMiddleware } from "@edgegate/gateway-worker/request-id";
import { Hono } from "hono";

const gateway = new Hono<AppEnv>();
gateway.use(async (c, next) => {
  const state = newGatewayState(Date.now());
  state.clientIp = parseClientIp(c.req.header("CF-Connecting-IP"));
  state.path = parseGatewayPath(c.req.url);
  c.set("gateway", state);
  await next();
});
gateway.use(authenticate, authorize);
gateway.all("*", proxy);

const app = new Hono<AppEnv>();
app.use(requestIdMiddleware);
app.use(servicesMiddleware);
app.route("/v1", gateway);
app.onError(handleError);
app.notFound(handleNotFound);

export default { fetch: app.fetch } satisfies ExportedHandler<Env>;
