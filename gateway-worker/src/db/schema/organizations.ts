import type { PlanId } from "@edgegate/shared/plans";
import { jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

export const SUBSCRIPTION_STATUSES = [
  "none",
  "trialing",
  "active",
  "past_due",
  "canceled",
  "unpaid",
  "incomplete",
] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

/** A tenant. Also better-auth's organization table (its plugin reads id/name/slug/logo/metadata). */
export const organizations = pgTable("organizations", {
  id: text().primaryKey(),
  name: text().notNull(),
  slug: text().notNull().unique(),
  logo: text(),
  metadata: text(),
  plan: text().$type<PlanId>().notNull().default("FREE"),
  stripeCustomerId: text().unique(),
  stripeSubscriptionId: text().unique(),
  subscriptionStatus: text().$type<SubscriptionStatus>().notNull().default("none"),
  settings: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export type Organization = typeof organizations.$inferSelect;
export type InsertOrganization = typeof organizations.$inferInsert;
