// Raw request logs. The table is range-partitioned by day on `created_at`, which drizzle-kit
// cannot express, so it is created by hand-written SQL in migrations/ and this file is
// deliberately left out of drizzle-kit's schema list (see drizzle.config.ts). It is still a
// drizzle table so queries are typed.
//
// The primary key is (created_at, id): Postgres requires the partition key in it. `id` is the
// edge-generated UUIDv7 and `created_at` is the timestamp encoded in that UUID, so a
// redelivered event always maps to the same row and `ON CONFLICT DO NOTHING` deduplicates.
import {
  bigint,
  boolean,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";

export const requestLogs = pgTable(
  "request_logs",
  {
    id: uuid().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    organizationId: text().notNull(),
    apiKeyId: text(),
    method: text().notNull(),
    path: text().notNull(),
    status: smallint().notNull(),
    latencyMs: integer().notNull(),
    upstreamTtfbMs: integer(),
    requestBytes: bigint({ mode: "number" }).notNull().default(0),
    responseBytes: bigint({ mode: "number" }).notNull().default(0),
    clientIp: text(),
    country: text(),
    userAgent: text(),
    errorCode: text(),
    rateLimitOutcome: text(),
    failOpen: boolean().notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.createdAt, t.id] })],
);

export type RequestLog = typeof requestLogs.$inferSelect;
export type InsertRequestLog = typeof requestLogs.$inferInsert;
