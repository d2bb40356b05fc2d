// V2 (benchmark only, never deployed): the gateway's own middlewares — request id, services,
// key lookup (isolate cache → KV → Postgres), IP allowlist and scopes, streaming proxy — composed
// WITHOUT the rate limiter and without the request event, to price those two separately.
import { Hono } from "hono";
import { type AppEnv, servicesMiddleware } from "../../gateway-worker/src/context.ts";
import { handleError, handleNotFound } from "../../gateway-worker/src/errors.ts";
import { authenticate } from "../../gateway-worker/src/gateway/authenticate.ts";
import { authorize } from "../../gateway-worker/src/gateway/authorize.ts";
import { parseClientIp } from "../../gateway-worker/src/gateway/client-ip.ts";
import { parseGatewayPath } from "../../gateway-worker/src/gateway/path.ts";
import { proxy } from "../../gateway-worker/src/gateway/proxy.ts";
import { newGatewayState } from "../../gateway-worker/src/gateway/state.ts";
import { requestIdMiddleware } from "../../gateway-worker/src/request-id.ts";

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
