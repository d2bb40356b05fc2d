// Stripe state: each organization's subscription as Stripe last described it, the Stripe events
// already applied (each event id once), the usage reported as meter events, and the results of
// the reconciliation job. The organization row keeps the summary every other part reads (plan,
// customer and subscription ids, status); services/billing/ keeps the two in step.
import { bigint, boolean, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { organizations, type SubscriptionStatus } from "./organizations.ts";

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

/**
 * The organization's Stripe subscription, as fetched from Stripe when an event about it arrived
 * (never as the event said: events can arrive out of order). One row per organization.
 */
export const billingSubscriptions = pgTable("billing_subscriptions", {
  organizationId: text()
    .primaryKey()
    .references(() => organizations.id, { onDelete: "cascade" }),
  stripeSubscriptionId: text().notNull().unique(),
  stripeCustomerId: text().notNull(),
  status: text().$type<SubscriptionStatus>().notNull(),
  /** The plan its flat price maps to (null: a price this deployment does not know). */
  plan: text(),
  priceIds: text().array().notNull(),
  currentPeriodStart: timestamp({ withTimezone: true }),
  currentPeriodEnd: timestamp({ withTimezone: true }),
  cancelAtPeriodEnd: boolean().notNull().default(false),
  canceledAt: timestamp({ withTimezone: true }),
  syncedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export type BillingSubscription = typeof billingSubscriptions.$inferSelect;
export type InsertBillingSubscription = typeof billingSubscriptions.$inferInsert;

/** Stripe events already applied: a redelivered event id is acknowledged and skipped. */
export const stripeEvents = pgTable(
  "stripe_events",
  {
    id: text().primaryKey(),
    type: text().notNull(),
    organizationId: text().references(() => organizations.id, { onDelete: "set null" }),
    /** The event's own `created` (Stripe's clock). */
    stripeCreatedAt: timestamp({ withTimezone: true }).notNull(),
    processedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.organizationId, t.processedAt)],
);

export type StripeEventRecord = typeof stripeEvents.$inferSelect;
export type InsertStripeEventRecord = typeof stripeEvents.$inferInsert;

/**
 * One reconciliation of an organization's closed hours this period: the ledger, the analytics'
 * detail rollups, the monthly usage record, what was reported to Stripe and Stripe's meter event
 * summaries. `differences` lists every disagreement (empty when `status` is `ok`).
 */
export const billingReconciliations = pgTable(
  "billing_reconciliations",
  {
    id: text().primaryKey(),
    organizationId: text()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    windowStart: timestamp({ withTimezone: true }).notNull(),
    windowEnd: timestamp({ withTimezone: true }).notNull(),
    status: text().$type<"ok" | "mismatch">().notNull(),
    ledgerRequests: bigint({ mode: "number" }).notNull(),
    /** The month-to-date usage record, compared with the ledger over the same span. */
    usageRecordRequests: bigint({ mode: "number" }).notNull(),
    reportedOverage: bigint({ mode: "number" }).notNull(),
    expectedOverage: bigint({ mode: "number" }).notNull(),
    /** null when Stripe's summaries could not be read (or the organization has no customer). */
    stripeOverage: bigint({ mode: "number" }),
    differenceCount: integer().notNull(),
    differences: jsonb().$type<ReconciliationDifference[]>().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.organizationId, t.createdAt)],
);

export interface ReconciliationDifference {
  /** The hour (its start), or "month-to-date" for the ledger/usage-record comparison. */
  at: string;
  ledgerRequests: number;
  /** The analytics' detail rollups for the hour (null on the month-to-date row). */
  rollupRequests: number | null;
  /** Set on the month-to-date row only. */
  usageRecordRequests: number | null;
  expectedOverage: number;
  reportedOverage: number;
  stripeOverage: number | null;
}

export type BillingReconciliation = typeof billingReconciliations.$inferSelect;
export type InsertBillingReconciliation = typeof billingReconciliations.$inferInsert;
