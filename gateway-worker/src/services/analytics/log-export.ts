// Streaming export of the log explorer's rows as NDJSON or CSV: a pull-based ReadableStream
// fetches one keyset page at a time only when the reader wants more, so a large export never
// sits in memory and a client that goes away stops the queries.
import type { HttpDb } from "../database.ts";
import { type LogEntry, queryLogs } from "./log-explorer.ts";
import type { LogExportQuery } from "./schemas.ts";

const EXPORT_PAGE_SIZE = 200;

export const CSV_COLUMNS = [
  "id",
  "createdAt",
  "apiKeyId",
  "method",
  "path",
  "status",
  "latencyMs",
  "upstreamTtfbMs",
  "requestBytes",
  "responseBytes",
  "clientIp",
  "country",
  "userAgent",
  "errorCode",
  "rateLimitOutcome",
  "failOpen",
] as const satisfies readonly (keyof LogEntry)[];

/** RFC 4180 quoting; cells a spreadsheet would run as a formula are prefixed with `'`. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const EXPORT_CONTENT_TYPES = {
  ndjson: "application/x-ndjson",
  csv: "text/csv; charset=utf-8",
} as const;

export function exportLogs(
  db: HttpDb,
  organizationId: string,
  query: LogExportQuery,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor = query.cursor;
  let sent = 0;
  let headerSent = query.format !== "csv";
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const lines: string[] = [];
      if (!headerSent) {
        lines.push(CSV_COLUMNS.join(","));
        headerSent = true;
      }
      const page = await queryLogs(db, organizationId, {
        ...query,
        cursor,
        limit: Math.min(EXPORT_PAGE_SIZE, query.maxRows - sent),
      });
      for (const entry of page.entries) {
        lines.push(
          query.format === "csv"
            ? CSV_COLUMNS.map((column) => csvCell(entry[column])).join(",")
            : JSON.stringify(entry),
        );
      }
      sent += page.entries.length;
      if (lines.length > 0) controller.enqueue(encoder.encode(`${lines.join("\n")}\n`));
      cursor = page.nextCursor ?? undefined;
      if (!page.nextCursor || sent >= query.maxRows) controller.close();
    },
  });
}
