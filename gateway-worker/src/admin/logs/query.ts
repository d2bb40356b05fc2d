// The log routes' query strings: the query layer's schemas with OpenAPI descriptions.
import { logExportQuerySchema, logQuerySchema } from "../../services/analytics/index.ts";
import { documented, RANGE_DOCS } from "../analytics/shared.ts";

const LOG_DOCS = {
  from: { ...RANGE_DOCS.from, param: { required: false } },
  to: { ...RANGE_DOCS.to, param: { required: false } },
  keyId: RANGE_DOCS.keyId,
  status: {
    description: "A status code (404) or class (4xx)",
    pattern: "^([1-5][0-9]{2}|[1-5][xX]{2})$",
    example: "4xx",
  },
  method: { description: "HTTP method (case-insensitive)", example: "POST" },
  pathPrefix: { description: "Paths starting with this (matched literally)", example: "/v1/orders" },
  requestId: { description: "One request (its X-Request-ID)" },
  errorCode: { description: "The gateway's error code", example: "RATE_LIMITED" },
  failOpen: {
    description:
      "`true`: only requests admitted without Redis's verdict (bounded fail-open, limited by the isolate alone); `false`: only the others",
    example: "true",
  },
  cursor: { description: "Opaque cursor from `nextCursor`" },
} as const;

export const logQuery = documented(logQuerySchema, LOG_DOCS);
export const logExportQuery = documented(logExportQuerySchema, {
  ...LOG_DOCS,
  cursor: { description: "Start after this `nextCursor` of GET /logs" },
  limit: { description: "Ignored by the export (it pages internally)" },
  maxRows: { description: "Stop after this many rows" },
});
