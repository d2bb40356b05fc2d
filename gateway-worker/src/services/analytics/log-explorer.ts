// The log explorer over raw request_logs, newest first. Pages use a keyset on (created_at, id)
// — the primary key and the (organization_id, created_at desc, id desc) index — so a page costs
// the same at any depth and rows inserted while paging never shift or repeat later pages.
import { isInstantMs } from "@edgegate/shared/input";
import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { decodeCursor as decodeValues, encodeCursor as encodeValues } from "../../cursor.ts";
import type { HttpDb } from "../database.ts";
import type { LogQuery } from "./schemas.ts";

export interface LogEntry {
  id: string;
  createdAt: string;
  apiKeyId: string | null;
  method: string;
  path: string;
  status: number;
  latencyMs: number;
  upstreamTtfbMs: number | null;
  requestBytes: number;
  responseBytes: number;
  clientIp: string | null;
  country: string | null;
  userAgent: string | null;
  errorCode: string | null;
  rateLimitOutcome: string | null;
  failOpen: boolean;
}

export interface LogPage {
  entries: LogEntry[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

interface Cursor {
  createdAtMs: number;
  id: string;
}

/** [created_at in epoch ms, request id]; a forged time outside Postgres's range answers 400. */
const CURSOR = z.tuple([z.number().refine(isInstantMs), z.uuid()]);

export function encodeCursor(cursor: Cursor): string {
  return encodeValues([cursor.createdAtMs, cursor.id]);
}

export function decodeCursor(text: string): Cursor {
  const [createdAtMs, id] = decodeValues(text, CURSOR);
  return { createdAtMs, id };
}

/** `%`, `_` and `\` in a prefix match themselves. */
const likePrefix = (prefix: string) => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function conditions(organizationId: string, query: LogQuery, cursor: Cursor | null): SQL {
  const parts: SQL[] = [sql`organization_id = ${organizationId}`];
  if (query.from) parts.push(sql`created_at >= ${query.from.toISOString()}::timestamptz`);
  if (query.to) parts.push(sql`created_at < ${query.to.toISOString()}::timestamptz`);
  if (query.keyId !== undefined) parts.push(sql`api_key_id = ${query.keyId}`);
  if (query.status) parts.push(sql`status between ${query.status.from} and ${query.status.to}`);
  if (query.method) parts.push(sql`method = ${query.method}`);
  if (query.pathPrefix) parts.push(sql`path like ${likePrefix(query.pathPrefix)}`);
  if (query.requestId) parts.push(sql`id = ${query.requestId}::uuid`);
  if (query.errorCode) parts.push(sql`error_code = ${query.errorCode}`);
  if (query.failOpen !== undefined) parts.push(sql`fail_open = ${query.failOpen}`);
  if (cursor) {
    parts.push(
      sql`(created_at, id) < (${new Date(cursor.createdAtMs).toISOString()}::timestamptz, ${cursor.id}::uuid)`,
    );
  }
  return sql.join(parts, sql` and `);
}

function toEntry(row: Record<string, unknown>): LogEntry {
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return {
    id: String(row.id),
    createdAt: new Date(Number(row.created_at_ms)).toISOString(),
    apiKeyId: text(row.api_key_id),
    method: String(row.method),
    path: String(row.path),
    status: Number(row.status),
    latencyMs: Number(row.latency_ms),
    upstreamTtfbMs: row.upstream_ttfb_ms === null ? null : Number(row.upstream_ttfb_ms),
    requestBytes: Number(row.request_bytes),
    responseBytes: Number(row.response_bytes),
    clientIp: text(row.client_ip),
    country: text(row.country),
    userAgent: text(row.user_agent),
    errorCode: text(row.error_code),
    rateLimitOutcome: text(row.rate_limit_outcome),
    failOpen: Boolean(row.fail_open),
  };
}

export async function queryLogs(db: HttpDb, organizationId: string, query: LogQuery): Promise<LogPage> {
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  const result = await db.execute(sql`
    select id, (extract(epoch from created_at) * 1000)::float8 as created_at_ms, api_key_id, method, path,
      status, latency_ms, upstream_ttfb_ms, request_bytes, response_bytes, client_ip, country, user_agent,
      error_code, rate_limit_outcome, fail_open
    from request_logs
    where ${conditions(organizationId, query, cursor)}
    order by created_at desc, id desc
    limit ${query.limit + 1}`);
  const entries = result.rows.slice(0, query.limit).map(toEntry);
  const last = entries[entries.length - 1];
  const nextCursor =
    result.rows.length > query.limit && last
      ? encodeCursor({ createdAtMs: Date.parse(last.createdAt), id: last.id })
      : null;
  return { entries, nextCursor };
}
