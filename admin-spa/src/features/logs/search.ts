// The request log's URL: its filters, the page cursor, and `requestId`, which opens that
// request's detail drawer (so a link to one request can be shared). Invalid values are dropped.
import { z } from "zod";
import {
  asSearchObject,
  cursorParam,
  instantParam,
  keyIdParam,
  prevCursorsParam,
  searchResult,
  textParam,
} from "../../lib/search-params.ts";
import type { LogFilters } from "../../queries/logs.ts";

export { MAX_PREVIOUS_CURSORS, newerPage, newestPage, olderPage } from "../../lib/search-params.ts";

export const STATUS_CLASSES = ["2xx", "3xx", "4xx", "5xx"] as const;
export const COMMON_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const rawSchema = z.object({
  keyId: keyIdParam,
  // A code (404) or a class (4xx); `?status=404` arrives as a number.
  status: textParam(3, /^([1-5][0-9]{2}|[1-5]xx)$/i),
  method: textParam(16, /^[A-Za-z]+$/),
  pathPrefix: textParam(512, /^\//),
  from: instantParam,
  to: instantParam,
  requestId: textParam(36, UUID),
  errorCode: textParam(64, /^[A-Za-z0-9_]+$/),
  // A hand-typed `?failOpen=true` arrives as a boolean, a link's as the string "true".
  failOpen: z
    .union([z.enum(["true", "false"]), z.boolean().transform((value) => (value ? "true" : "false"))])
    .optional()
    .catch(undefined),
  cursor: cursorParam,
  prev: prevCursorsParam,
});

export type LogsSearch = {
  keyId?: string;
  status?: string;
  method?: string;
  pathPrefix?: string;
  from?: string;
  to?: string;
  requestId?: string;
  errorCode?: string;
  /** "true": only requests admitted without Redis's verdict (fail-open); "false": the others. */
  failOpen?: "true" | "false";
  cursor?: string;
  /**
   * Cursors of the newer pages before this one (not the first page, which has none), so "Newer"
   * can step back through a shared link too.
   */
  prev?: string[];
};

export function parseLogsSearch(input: unknown): LogsSearch {
  const raw = rawSchema.parse(asSearchObject(input));
  const search: LogsSearch = {
    keyId: raw.keyId,
    status: raw.status?.toLowerCase(),
    method: raw.method?.toUpperCase(),
    pathPrefix: raw.pathPrefix,
    from: raw.from,
    to: raw.to,
    requestId: raw.requestId?.toLowerCase(),
    errorCode: raw.errorCode?.toUpperCase(),
    failOpen: raw.failOpen,
    cursor: raw.cursor,
    // Only meaningful on a page after the first.
    prev: raw.cursor ? raw.prev : undefined,
  };
  // An inverted range matches nothing and the API refuses it: keep `from`, drop `to`.
  if (search.from && search.to && Date.parse(search.to) <= Date.parse(search.from)) search.to = undefined;
  return searchResult(rawSchema.shape, search);
}

/** The filters the API takes (everything but the page cursors and the open drawer). */
export function logFiltersOf(search: LogsSearch): LogFilters {
  const { cursor: _cursor, prev: _prev, requestId: _requestId, ...filters } = search;
  return filters;
}

export function hasLogFilters(search: LogsSearch): boolean {
  return Object.values(logFiltersOf(search)).some((value) => value !== undefined);
}
