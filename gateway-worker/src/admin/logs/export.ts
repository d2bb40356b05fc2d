// GET /api/logs/export — the log explorer's rows as a streamed NDJSON or CSV download (the same
// filters as GET /api/logs; at most `maxRows` rows, pages fetched as the client reads).
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { callerOf } from "../../auth/caller.ts";
import type { AppEnv } from "../../context.ts";
import { EXPORT_CONTENT_TYPES } from "../../services/analytics/index.ts";
import { decodeCursor } from "../../services/analytics/log-explorer.ts";
import { authErrors, errorResponses } from "../schemas.ts";
import { logExportQuery } from "./query.ts";
import { logRouteBase } from "./shared.ts";

export const exportLogsRoute = createRoute({
  ...logRouteBase,
  path: "/logs/export",
  summary: "Export request logs",
  operationId: "exportLogs",
  description:
    "Streams every matching entry, newest first: NDJSON (one RequestLog object a line) or CSV with a header row.",
  request: { query: logExportQuery },
  responses: {
    200: {
      description: "The export, as an attachment",
      headers: z.object({
        "Content-Disposition": z.string().openapi({ example: 'attachment; filename="request-logs.ndjson"' }),
      }),
      content: {
        [EXPORT_CONTENT_TYPES.ndjson]: {
          schema: z.string().openapi({ description: "One JSON object a line" }),
        },
        [EXPORT_CONTENT_TYPES.csv]: {
          schema: z.string().openapi({ description: "RFC 4180 CSV, header row first" }),
        },
      },
    },
    ...errorResponses(400),
    ...authErrors,
  },
});

export const exportLogsHandler: RouteHandler<typeof exportLogsRoute, AppEnv> = async (c) => {
  const { organizationId } = callerOf(c);
  const query = c.req.valid("query");
  // A bad cursor is a 400 here, not an error in the middle of the stream.
  if (query.cursor) decodeCursor(query.cursor);
  const stream = c.var.services.analytics.exportLogs(organizationId, query);
  const stamp = new Date()
    .toISOString()
    .replaceAll(":", "-")
    .replace(/\.\d+Z$/, "Z");
  return new Response(stream, {
    status: 200,
    headers: {
      "Content-Type": EXPORT_CONTENT_TYPES[query.format],
      "Content-Disposition": `attachment; filename="request-logs-${stamp}.${query.format}"`,
      "Cache-Control": "no-store",
    },
  });
};
