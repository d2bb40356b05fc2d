import type { OveragePolicy } from "@edgegate/shared/billing";
import type { PlanId } from "@edgegate/shared/plans";
import { sql } from "drizzle-orm";
import { bigint, check, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

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

/**
 * An operator's "enterprise deal": limits that replace the plan's until `expiresAt` (ISO instant;
 * null = until removed). Evaluated where it is read — the gateway per request, the console per
 * view — so an expired deal falls back to the plan at once, with no job to run.
 */
export interface LimitsOverride {
  requestsPerMinute: number;
  burst: number;
  /** Requests per month; null = no monthly quota. */
  monthlyQuota: number | null;
  expiresAt: string | null;
}

/** A tenant. Also better-auth's organization table (its plugin reads id/name/slug/logo/metadata). */
export const organizations = pgTable(
  "organizations",
  {
    id: text().primaryKey(),
    name: text().notNull(),
    slug: text().notNull().unique(),
    logo: text(),
    metadata: text(),
    plan: text().$type<PlanId>().notNull().default("FREE"),
    stripeCustomerId: text().unique(),
    stripeSubscriptionId: text().unique(),
    subscriptionStatus: text().$type<SubscriptionStatus>().notNull().default("none"),
    /** What happens at the monthly quota (shared/billing.ts); FREE is always hard_cap. */
    overagePolicy: text().$type<OveragePolicy>().notNull().default("hard_cap"),
    /** Under bill_overage: the most requests over the quota per month (null = no cap). */
    spendCapRequests: bigint({ mode: "number" }),
    /**
     * Bumped (epoch ms) whenever what the gateway enforces for the organization changes (plan,
     * overage policy, spend cap). Cached key records carry the value they were built from; the
     * gateway compares it with the organization's stamp in Redis (services/billing/publish.ts).
     */
    limitsVersion: bigint({ mode: "number" }).notNull().default(0),
    /** See LimitsOverride; set by operators through applyOrganizationBilling. */
    limitsOverride: jsonb().$type<LimitsOverride>(),
    /** Set while an operator has suspended the organization: its keys are refused at the edge. */
    suspendedAt: timestamp({ withTimezone: true }),
    suspendedReason: text(),
    settings: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("organizations_overage_policy", sql`${t.overagePolicy} in ('hard_cap', 'bill_overage')`),
    check(
      "organizations_spend_cap_positive",
      sql`${t.spendCapRequests} is null or ${t.spendCapRequests} >= 1`,
    ),
  ],
);

export type Organization = typeof organizations.$inferSelect;
export type InsertOrganization = typeof organizations.$inferInsert;
