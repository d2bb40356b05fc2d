// What the request-log rollups and usage rows count, defined once beside the schema they fill:
// the writer (consumers/store-request-events.ts) applies these per event, and the readers
// (services/analytics, jobs/rollup-maintenance.ts, the billing ledger) read the resulting columns.
import { LATENCY_BUCKET_BOUNDS_MS } from "@edgegate/shared/latency";
import { type SQL, sql } from "drizzle-orm";

/** Refusals by the limiter: counted in rollups, never billed (the gateway refunds their quota). */
export const RATE_LIMIT_REFUSALS = new Set(["rate_limited", "burst_limited", "quota_exceeded"]);

/**
 * Billable (what the billing ledger counts): the gateway proxied the request and the upstream
 * answered, whatever its status — fail-open admissions included. Not billable: the gateway's own
 * refusals (401/403/429/4xx) and the 502/504 it answers when the upstream never did. The proxy
 * records the upstream's time to first byte exactly when the upstream answered (gateway/proxy.ts).
 */
export const isBillable = (upstreamTtfbMs: number | null | undefined): boolean =>
  upstreamTtfbMs !== null && upstreamTtfbMs !== undefined;

/** A failed request, for error rates: the caller or the upstream got an error status. */
export const isErrorStatus = (status: number) => status >= 400;

/** Rollup rows stand in for "no key" with an empty string (the column is part of the key). */
export const NO_KEY = "";

// The same definitions as SQL expressions over a request_logs-shaped row, for rows made
// inside Postgres (the traffic seed generator) and for computing answers from raw rows.

/** The latency histogram slot: how many bucket upper bounds lie below the latency. */
export const latencySlotSql = (latencyMs: SQL): SQL =>
  sql`(select count(*) from unnest(${sql.raw(`ARRAY[${LATENCY_BUCKET_BOUNDS_MS.join(",")}]`)}::integer[]) b where b < ${latencyMs})::integer`;
export const isErrorSql = (status: SQL): SQL => sql`(${status} >= 400)`;
export const isBillableSql = (upstreamTtfbMs: SQL): SQL => sql`(${upstreamTtfbMs} is not null)`;
export const isRefusedSql = (outcome: SQL): SQL =>
  sql`coalesce(${outcome} in (${sql.join(
    [...RATE_LIMIT_REFUSALS].map((o) => sql`${o}`),
    sql`, `,
  )}), false)`;
