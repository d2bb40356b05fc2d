import { bigint, index, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { organizations } from "./organizations.ts";

/**
 * Usage reported to Stripe as Billing Meter events. `identifier` is deterministic
 * (org + meter + window), so a retried report is recognised by Stripe and never billed twice.
 */
export const stripeMeterReports = pgTable(
  "stripe_meter_reports",
  {
    identifier: text().primaryKey(),
    organizationId: text()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    eventName: text().notNull(),
    windowStart: timestamp({ withTimezone: true }).notNull(),
    windowEnd: timestamp({ withTimezone: true }).notNull(),
    quantity: bigint({ mode: "number" }).notNull(),
    status: text().$type<"pending" | "reported" | "failed">().notNull().default("pending"),
    lastError: text(),
    reportedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.organizationId, t.windowStart), index().on(t.status)],
);

export type StripeMeterReport = typeof stripeMeterReports.$inferSelect;
export type InsertStripeMeterReport = typeof stripeMeterReports.$inferInsert;
