import {
  bigint,
  date,
  doublePrecision,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
} from "drizzle-orm/pg-core";
import { organizations } from "./organizations.ts";

// Rollups hold sums and a fixed latency histogram (bucket bounds defined once in shared/),
// so counts, byte sums and p50/p95/p99 can be merged across any set of buckets.
const rollupColumns = {
  organizationId: text()
    .notNull()
    .references(() => organizations.id, { onDelete: "cascade" }),
  apiKeyId: text().notNull(),
  bucket: timestamp({ withTimezone: true }).notNull(),
  method: text().notNull(),
  path: text().notNull(),
  status: smallint().notNull(),
  requestCount: integer().notNull().default(0),
  errorCount: integer().notNull().default(0),
  rateLimitedCount: integer().notNull().default(0),
  /**
   * Billable requests: the gateway proxied them and the upstream answered, whatever its status
   * (db/request-log-rollups.ts). The billing ledger (services/billing/ledger.ts) sums it.
   */
  billableCount: integer().notNull().default(0),
  /** Requests admitted without Redis's verdict (bounded fail-open). */
  failOpenCount: integer().notNull().default(0),
  requestBytes: bigint({ mode: "number" }).notNull().default(0),
  responseBytes: bigint({ mode: "number" }).notNull().default(0),
  latencySumMs: doublePrecision().notNull().default(0),
  latencyHistogram: integer().array().notNull(),
};

export const usageRollupsMinute = pgTable("usage_rollups_minute", rollupColumns, (t) => [
  primaryKey({ columns: [t.organizationId, t.bucket, t.apiKeyId, t.method, t.path, t.status] }),
]);

/** Minute rows older than a few days are folded into hours by the retention job. */
export const usageRollupsHour = pgTable("usage_rollups_hour", rollupColumns, (t) => [
  primaryKey({ columns: [t.organizationId, t.bucket, t.apiKeyId, t.method, t.path, t.status] }),
]);

/**
 * Per (organization, key, UTC hour) totals of every request, whatever its method, path or
 * status: what the summary and the time series read for whole hours. The detail tables above
 * hold about one row per distinct (key, endpoint, status) and minute — at realistic traffic
 * nearly as many rows as raw logs — so a 30-day summary over them grows with traffic; this
 * table holds at most one row per key and hour (≤ 720 per key for 30 days). The consumer
 * upserts it in the same statement as the minute rows, so both always agree.
 */
const { method: _method, path: _path, status: _status, ...keyHourColumns } = rollupColumns;
export const usageRollupsKeyHour = pgTable("usage_rollups_key_hour", keyHourColumns, (t) => [
  primaryKey({ columns: [t.organizationId, t.bucket, t.apiKeyId] }),
]);

export type UsageRollup = typeof usageRollupsMinute.$inferSelect;
export type InsertUsageRollup = typeof usageRollupsMinute.$inferInsert;

/**
 * Monthly usage per organization (UTC calendar month), the basis for quotas and billing:
 * `requestCount` counts billable requests only (the same definition as `billableCount`).
 */
export const usageRecords = pgTable(
  "usage_records",
  {
    organizationId: text()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    periodStart: date({ mode: "string" }).notNull(),
    requestCount: bigint({ mode: "number" }).notNull().default(0),
    bandwidthBytes: bigint({ mode: "number" }).notNull().default(0),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.periodStart] })],
);

export type UsageRecord = typeof usageRecords.$inferSelect;
export type InsertUsageRecord = typeof usageRecords.$inferInsert;
