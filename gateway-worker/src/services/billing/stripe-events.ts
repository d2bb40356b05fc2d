// What a verified Stripe event does. Each event id is applied once (stripe_events); a
// redelivery is acknowledged without effect. Events only say "look again": the subscription is
// re-fetched and its current state applied (subscriptions.ts), so their order does not matter.
import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import { stripeEvents } from "../../db/schema/billing.ts";
import { organizations } from "../../db/schema/organizations.ts";
import { writeAudit } from "../audit.ts";
import { STRIPE_ACTOR, type SyncServices, syncSubscription } from "./subscriptions.ts";

export type EventOutcome = "applied" | "duplicate" | "ignored";

const idOf = (value: string | { id: string } | null | undefined) =>
  typeof value === "string" ? value : (value?.id ?? null);

function invoiceSubscription(invoice: Stripe.Invoice): string | null {
  return idOf(invoice.parent?.subscription_details?.subscription);
}

/** Applies `event` unless its id was applied before. A failure leaves it unrecorded, so Stripe's retry applies it. */
export async function handleStripeEvent(
  services: SyncServices,
  event: Stripe.Event,
  request: Request | null,
): Promise<EventOutcome> {
  const { db } = services.database;
  const [claimed] = await db
    .insert(stripeEvents)
    .values({ id: event.id, type: event.type, stripeCreatedAt: new Date(event.created * 1000) })
    .onConflictDoNothing()
    .returning({ id: stripeEvents.id });
  if (!claimed) return "duplicate";
  try {
    const organizationId = await apply(services, event, request);
    if (organizationId) {
      await db.update(stripeEvents).set({ organizationId }).where(eq(stripeEvents.id, event.id));
    }
    return organizationId === undefined ? "ignored" : "applied";
  } catch (error) {
    await db.delete(stripeEvents).where(eq(stripeEvents.id, event.id));
    throw error;
  }
}

/** The organization the event concerned (null: none of ours), or undefined for types not handled. */
async function apply(
  services: SyncServices,
  event: Stripe.Event,
  request: Request | null,
): Promise<string | null | undefined> {
  switch (event.type) {
    case "checkout.session.completed": {
      const session = event.data.object;
      const subscriptionId = idOf(session.subscription);
      if (!subscriptionId) return null;
      return (await syncSubscription(services, subscriptionId, request))?.organizationId ?? null;
    }
    case "customer.subscription.created":
    case "customer.subscription.updated":
    case "customer.subscription.deleted":
      return (await syncSubscription(services, event.data.object.id, request))?.organizationId ?? null;
    case "invoice.paid": {
      const subscriptionId = invoiceSubscription(event.data.object);
      if (!subscriptionId) return null;
      return (await syncSubscription(services, subscriptionId, request))?.organizationId ?? null;
    }
    case "invoice.payment_failed": {
      const invoice = event.data.object;
      const subscriptionId = invoiceSubscription(invoice);
      const synced = subscriptionId ? await syncSubscription(services, subscriptionId, request) : null;
      const organizationId =
        synced?.organizationId ?? (await organizationOfCustomer(services, idOf(invoice.customer)));
      if (!organizationId) return null;
      await writeAudit(services, request, organizationId, STRIPE_ACTOR, {
        action: "billing.payment_failed",
        targetType: "invoice",
        targetId: invoice.id ?? null,
        after: { amountDue: invoice.amount_due, attemptCount: invoice.attempt_count },
        event: {
          type: "billing.payment_failed",
          data: {
            invoiceId: invoice.id,
            amountDue: invoice.amount_due,
            currency: invoice.currency,
            attemptCount: invoice.attempt_count,
            hostedInvoiceUrl: invoice.hosted_invoice_url ?? null,
          },
        },
      });
      return organizationId;
    }
    default:
      return undefined;
  }
}

async function organizationOfCustomer(
  services: SyncServices,
  customerId: string | null,
): Promise<string | null> {
  if (!customerId) return null;
  const [org] = await services.database.db
    .select({ id: organizations.id })
    .from(organizations)
    .where(eq(organizations.stripeCustomerId, customerId))
    .limit(1);
  return org?.id ?? null;
}
