// GET /api/logs — the log explorer: filters and keyset (cursor) pagination, newest first.
import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import { callerOf } from "../../auth/caller.ts";
import type { AppEnv } from "../../context.ts";
import { authErrors, errorResponses, pageResponse } from "../schemas.ts";
import { logQuery } from "./query.ts";
import { logEntrySchema, logRouteBase } from "./shared.ts";

export const listLogsRoute = createRoute({
  ...logRouteBase,
  path: "/logs",
  summary: "Search request logs",
  operationId: "listLogs",
  description:
    "`status` is a code (404) or a class (4xx); `pathPrefix` matches literally. Pass `nextCursor` as `cursor` for the next (older) page.",
  request: { query: logQuery },
  responses: {
    200: pageResponse(logEntrySchema, "RequestLogPage", "A page of log entries, newest first"),
    ...errorResponses(400),
    ...authErrors,
  },
});

export const listLogsHandler: RouteHandler<typeof listLogsRoute, AppEnv> = async (c) => {
  const { organizationId } = callerOf(c);
  const page = await c.var.services.analytics.logs(organizationId, c.req.valid("query"));
  return c.json({ data: page.entries, nextCursor: page.nextCursor }, 200);
};
