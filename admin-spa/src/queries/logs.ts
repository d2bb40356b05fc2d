// Query-option factories for the request log: GET /api/logs (a filtered page, newest first,
// keyset cursor), GET /api/logs/{requestId}, and the export URL (GET /api/logs/export) that the
// browser downloads directly so the file streams instead of being buffered in JavaScript.
import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { api, unwrap } from "../api/client.ts";
import type { components } from "../api/schema.gen.ts";

export type LogEntry = components["schemas"]["RequestLog"];
export type LogPage = components["schemas"]["RequestLogPage"];

/** The API's log filters (all optional; `status` is a code "404" or a class "4xx"). */
export interface LogFilters {
  keyId?: string | undefined;
  status?: string | undefined;
  method?: string | undefined;
  pathPrefix?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  errorCode?: string | undefined;
  /** "true": only requests admitted without Redis's verdict; "false": only the others. */
  failOpen?: "true" | "false" | undefined;
}

export const LOG_PAGE_SIZE = 50;

const FILTER_NAMES = [
  "keyId",
  "status",
  "method",
  "pathPrefix",
  "from",
  "to",
  "errorCode",
  "failOpen",
] as const;

/** Only the filters that are set, in a fixed order, so equal filters give equal query keys. */
export function normalizeLogFilters(filters: LogFilters): LogFilters {
  const out: Record<string, string> = {};
  for (const name of FILTER_NAMES) {
    const value = filters[name];
    if (value !== undefined && value !== "") out[name] = value;
  }
  return out as LogFilters;
}

export function logParams(
  filters: LogFilters,
  extra: Record<string, string | number | undefined> = {},
): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...normalizeLogFilters(filters), ...extra })) {
    if (value !== undefined && value !== "") params.set(name, String(value));
  }
  return params.toString();
}

export const logKeys = {
  all: (orgId: string) => ["org", orgId, "logs"] as const,
  pages: (orgId: string) => [...logKeys.all(orgId), "page"] as const,
  page: (orgId: string, filters: LogFilters, cursor: string | undefined, limit: number) =>
    [...logKeys.pages(orgId), normalizeLogFilters(filters), cursor ?? null, limit] as const,
  entry: (orgId: string, requestId: string) =>
    [...logKeys.all(orgId), "entry", requestId.toLowerCase()] as const,
};

export function logPageQueryOptions(
  orgId: string,
  filters: LogFilters,
  cursor?: string,
  limit = LOG_PAGE_SIZE,
) {
  return queryOptions({
    queryKey: logKeys.page(orgId, filters, cursor, limit),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/logs", {
          params: { query: { ...normalizeLogFilters(filters), limit, ...(cursor ? { cursor } : {}) } },
          signal,
        }),
      ),
    staleTime: 10_000,
    placeholderData: keepPreviousData,
  });
}

export function logEntryQueryOptions(orgId: string, requestId: string) {
  return queryOptions({
    queryKey: logKeys.entry(orgId, requestId),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/logs/{requestId}", { params: { path: { requestId } }, signal })),
    // A log entry never changes once written.
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export type ExportFormat = "ndjson" | "csv";

/** Same origin, cookie sent by the browser: a plain link downloads the streamed file. */
export function logExportUrl(filters: LogFilters, format: ExportFormat): string {
  return `/api/logs/export?${logParams(filters, { format })}`;
}
