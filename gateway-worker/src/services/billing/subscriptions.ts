// An organization's subscription, brought in line with Stripe. Whatever event announced a
// change, the subscription is fetched from Stripe and its CURRENT state applied — so duplicate,
// late and out-of-order events all converge on what Stripe says now.
//
// The plan follows the subscription: active, trialing and past_due (Stripe is still retrying
// the payment) keep the plan its flat price names; any ended state (canceled, unpaid, expired)
// means FREE limits. Downgrades take effect when Stripe changes the subscription's prices, i.e.
// at period end with the portal's usual configuration. The plan reaches the edge through
// applyOrganizationBilling (organization-limits.ts), the one way limits change.
import type { PlanId } from "@edgegate/shared/plans";
import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import type { Services } from "../../context.ts";
import { type BillingSubscription, billingSubscriptions } from "../../db/schema/billing.ts";
import { organizations, type SubscriptionStatus } from "../../db/schema/organizations.ts";
import { type AuditActor, writeAudit } from "../audit.ts";
import { applyOrganizationBilling } from "./organization-limits.ts";

export type SyncServices = Pick<Services, "database" | "outbox" | "keyStore" | "config" | "stripe">;

export const STRIPE_ACTOR: AuditActor = { type: "system", id: null, label: "stripe" };

/** Statuses under which the organization keeps its paid plan. */
const ENTITLED = new Set<Stripe.Subscription.Status>(["active", "trialing", "past_due"]);

function statusOf(status: Stripe.Subscription.Status): SubscriptionStatus {
  switch (status) {
    case "active":
    case "trialing":
    case "past_due":
    case "canceled":
    case "unpaid":
    case "incomplete":
      return status as SubscriptionStatus;
    case "incomplete_expired":
      return "canceled";
    default:
      // paused, or a status newer than this code: no paid plan.
      return "unpaid";
  }
}

const seconds = (value: number | null | undefined) => (value ? new Date(value * 1000) : null);

export interface SyncResult {
  organizationId: string;
  plan: PlanId;
  previousPlan: PlanId;
  status: SubscriptionStatus;
}

/**
 * Fetches subscription `subscriptionId` and applies it to the organization whose Stripe customer
 * it belongs to. Returns null when no organization has that customer (another product's
 * subscription on the same Stripe account, say): nothing is changed.
 */
export async function syncSubscription(
  services: SyncServices,
  subscriptionId: string,
  request: Request | null,
): Promise<SyncResult | null> {
  const subscription = await services.stripe.retrieveSubscription(subscriptionId);
  const customerId =
    typeof subscription.customer === "string" ? subscription.customer : subscription.customer.id;
  const { db } = services.database;
  const [org] = await db
    .select({
      id: organizations.id,
      plan: organizations.plan,
      stripeSubscriptionId: organizations.stripeSubscriptionId,
    })
    .from(organizations)
    .where(eq(organizations.stripeCustomerId, customerId))
    .limit(1);
  if (!org) {
    console.warn(
      JSON.stringify({ event: "stripe_subscription_unknown_customer", subscriptionId, customerId }),
    );
    return null;
  }
  const entitled = ENTITLED.has(subscription.status);
  // An older subscription ending must not take away the plan of the one that replaced it.
  if (!entitled && org.stripeSubscriptionId && org.stripeSubscriptionId !== subscription.id) {
    return {
      organizationId: org.id,
      plan: org.plan,
      previousPlan: org.plan,
      status: statusOf(subscription.status),
    };
  }
  const priceIds = subscription.items.data.map((item) => item.price.id);
  const plan: PlanId = entitled ? (services.stripe.planOfPrices(priceIds) ?? org.plan) : "FREE";
  const status = statusOf(subscription.status);
  const [item] = subscription.items.data;
  const row = {
    organizationId: org.id,
    stripeSubscriptionId: subscription.id,
    stripeCustomerId: customerId,
    status,
    plan: services.stripe.planOfPrices(priceIds),
    priceIds,
    currentPeriodStart: seconds(item?.current_period_start),
    currentPeriodEnd: seconds(item?.current_period_end),
    cancelAtPeriodEnd: subscription.cancel_at_period_end,
    canceledAt: seconds(subscription.canceled_at),
    syncedAt: new Date(),
  } satisfies BillingSubscription;

  const [previous] = await db
    .select()
    .from(billingSubscriptions)
    .where(eq(billingSubscriptions.organizationId, org.id))
    .limit(1);
  await services.database.transaction(async (tx) => {
    await tx
      .insert(billingSubscriptions)
      .values(row)
      .onConflictDoUpdate({ target: billingSubscriptions.organizationId, set: row });
    await tx
      .update(organizations)
      .set({ stripeSubscriptionId: subscription.id, updatedAt: new Date() })
      .where(eq(organizations.id, org.id));
    if (!previous || subscriptionChanged(previous, row)) {
      await writeAudit(
        services,
        request,
        org.id,
        STRIPE_ACTOR,
        {
          action: "billing.subscription_sync",
          targetType: "subscription",
          targetId: subscription.id,
          before: previous ? subscriptionView(previous, org.plan) : null,
          after: subscriptionView(row, plan),
          event: { type: "billing.subscription_updated", data: subscriptionView(row, plan) },
        },
        tx,
      );
    }
  });
  const applied = await applyOrganizationBilling(
    services,
    org.id,
    { plan, subscriptionStatus: status },
    { actor: STRIPE_ACTOR, request },
  );
  if (applied.before.plan !== applied.after.plan) {
    await writeAudit(services, request, org.id, STRIPE_ACTOR, {
      action: "billing.plan_change",
      targetType: "organization",
      targetId: org.id,
      before: { plan: applied.before.plan },
      after: { plan: applied.after.plan },
      event: {
        type: "billing.plan_changed",
        data: {
          plan: applied.after.plan,
          previousPlan: applied.before.plan,
          reason: entitled ? "subscription_updated" : "subscription_ended",
        },
      },
    });
  }
  return { organizationId: org.id, plan, previousPlan: applied.before.plan, status };
}

function subscriptionChanged(before: BillingSubscription, after: BillingSubscription): boolean {
  return (
    before.stripeSubscriptionId !== after.stripeSubscriptionId ||
    before.status !== after.status ||
    before.plan !== after.plan ||
    before.cancelAtPeriodEnd !== after.cancelAtPeriodEnd ||
    before.currentPeriodEnd?.getTime() !== after.currentPeriodEnd?.getTime()
  );
}

function subscriptionView(subscription: BillingSubscription, plan: PlanId) {
  return {
    plan,
    status: subscription.status,
    stripeSubscriptionId: subscription.stripeSubscriptionId,
    currentPeriodEnd: subscription.currentPeriodEnd?.toISOString() ?? null,
    cancelAtPeriodEnd: subscription.cancelAtPeriodEnd,
  };
}
