// Helpers of the Stripe-facing billing routes: the caller's organization as billing sees it, its
// Stripe customer (created once, then reused), and the billing period (the UTC calendar month,
// the same period as the monthly quota the gateway counts).
import { ApiError } from "@edgegate/shared/errors";
import { and, eq, isNull } from "drizzle-orm";
import type { Context } from "hono";
import { callerOf } from "../../auth/caller.ts";
import type { AppEnv } from "../../context.ts";
import { type BillingSubscription, billingSubscriptions } from "../../db/schema/billing.ts";
import { type Organization, organizations } from "../../db/schema/organizations.ts";

export async function loadBillingOrganization(
  c: Context<AppEnv>,
): Promise<{ org: Organization; subscription: BillingSubscription | null }> {
  const { organizationId } = callerOf(c);
  const { db } = c.var.services.database;
  const [org] = await db.select().from(organizations).where(eq(organizations.id, organizationId)).limit(1);
  if (!org) throw new ApiError("NOT_FOUND", "No such organization.");
  const [subscription] = await db
    .select()
    .from(billingSubscriptions)
    .where(eq(billingSubscriptions.organizationId, organizationId))
    .limit(1);
  return { org, subscription: subscription ?? null };
}

/**
 * The organization's Stripe customer id, creating the customer on first use. The create carries
 * the idempotency key `customer:<org>`, so concurrent or retried first uses get the same
 * customer; the conditional update keeps whichever id was stored first.
 */
export async function ensureStripeCustomer(c: Context<AppEnv>, org: Organization): Promise<string> {
  if (org.stripeCustomerId) return org.stripeCustomerId;
  const { database, stripe } = c.var.services;
  const customer = await stripe.createCustomer({ id: org.id, name: org.name });
  await database.db
    .update(organizations)
    .set({ stripeCustomerId: customer.id, updatedAt: new Date() })
    .where(and(eq(organizations.id, org.id), isNull(organizations.stripeCustomerId)));
  const [stored] = await database.db
    .select({ stripeCustomerId: organizations.stripeCustomerId })
    .from(organizations)
    .where(eq(organizations.id, org.id));
  return stored?.stripeCustomerId ?? customer.id;
}

/** The billing period containing `now`: [start of the UTC month, start of the next). */
export function billingPeriod(now = Date.now()): { start: Date; end: Date } {
  const date = new Date(now);
  const start = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1));
  const end = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1));
  return { start, end };
}

/** Where Stripe's hosted pages send the user back to: the SPA's Billing page. */
export function billingPageUrl(c: Context<AppEnv>, query = ""): string {
  return `${new URL(c.var.services.config.ADMIN_ORIGIN).origin}/billing${query}`;
}
