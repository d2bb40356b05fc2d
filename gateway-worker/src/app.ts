// The one Hono app factory: request id, services, the admin API under /api (when given: index.ts
// loads it on the first /api request), the gateway data plane under /v1, one error handler and
// one not-found handler for all of them.
import { Hono } from "hono";
import { type AppEnv, servicesMiddleware } from "./context.ts";
import { handleError, handleNotFound } from "./errors.ts";
import { createGatewayApp } from "./gateway/index.ts";
import { requestIdMiddleware } from "./request-id.ts";

export function createApp(admin?: Hono<AppEnv>) {
  const app = new Hono<AppEnv>();
  app.use(requestIdMiddleware);
  app.use(servicesMiddleware);
  if (admin) app.route("/api", admin);
  app.route("/v1", createGatewayApp());
  app.onError(handleError);
  app.notFound(handleNotFound);
  return app;
}
