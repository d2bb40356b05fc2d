// GET /api/logs/{requestId} — one request's log entry. The id is a UUIDv7 whose timestamp is
// the row's created_at, so the lookup reads a single day partition.

import { ApiError } from "@edgegate/shared/errors";
import { uuidv7Timestamp } from "@edgegate/shared/events";
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { callerOf } from "../../auth/caller.ts";
import type { AppEnv } from "../../context.ts";
import { authErrors, errorResponses } from "../schemas.ts";
import { logEntrySchema, logRouteBase } from "./shared.ts";

export const getLogRoute = createRoute({
  ...logRouteBase,
  path: "/logs/{requestId}",
  summary: "Get one request's log entry",
  operationId: "getLog",
  request: {
    params: z.object({
      requestId: z.uuid({ error: "must be a request id (UUID)" }).openapi({
        param: { name: "requestId", in: "path" },
        example: "019abc12-3456-7def-8123-456789abcdef",
        description: "The X-Request-ID of the request",
      }),
    }),
  },
  responses: {
    200: { description: "The log entry", content: { "application/json": { schema: logEntrySchema } } },
    ...errorResponses(400, 404),
    ...authErrors,
  },
});

export const getLogHandler: RouteHandler<typeof getLogRoute, AppEnv> = async (c) => {
  const { organizationId } = callerOf(c);
  const requestId = c.req.valid("param").requestId.toLowerCase();
  const createdAt = uuidv7Timestamp(requestId);
  // Request ids are UUIDv7s minted by the gateway: anything else, or a time the gateway cannot
  // have minted (the 48-bit field reaches past year 9999, which Postgres cannot parse), exists nowhere.
  if (requestId[14] !== "7" || createdAt > Date.now() + 86_400_000) {
    throw new ApiError("NOT_FOUND", "No request log with this id.");
  }
  const page = await c.var.services.analytics.logs(organizationId, {
    requestId,
    from: new Date(createdAt),
    to: new Date(createdAt + 1),
    limit: 1,
  });
  const [entry] = page.entries;
  if (!entry) throw new ApiError("NOT_FOUND", "No request log with this id.");
  return c.json(entry, 200);
};
