import { createMiddleware } from "hono/factory";
import { v7 as uuidv7 } from "uuid";
import type { AppEnv } from "./context.ts";

/**
 * Every response carries the edge-generated UUIDv7 as X-Request-ID (errors included). The
 * same id is the request event's primary key, so redelivered events deduplicate.
 * A caller-supplied X-Request-ID is never trusted as the id.
 */
export const requestIdMiddleware = createMiddleware<AppEnv>(async (c, next) => {
  const requestId = uuidv7();
  c.set("requestId", requestId);
  await next();
  c.res.headers.set("X-Request-ID", requestId);
});
