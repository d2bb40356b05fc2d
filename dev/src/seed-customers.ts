// The demo platform's other customers, so the operator console has a platform to show on the
// first `pnpm dev`: four organizations on different plans, each with one API key, one of them
// past due. Their rows are re-aligned on every start (like the demo organization: the first
// customer's key works with the secret saved in .data/dev-state.json, which the banner prints so
// a newcomer can watch it being suspended); their traffic is seeded once, on the first start,
// and is smaller than the demo organization's, which stays the busiest.
//
// The paid customers' subscriptions exist in Postgres only, at the Stripe stand-in's demo
// prices (dev/src/stripe/catalog.ts): the stand-in keeps no state across restarts, so these are
// what the revenue page reads, not objects Stripe could be asked about. They stay on hard_cap,
// so no usage is reported to Stripe for them.
import * as schema from "@edgegate/gateway-worker/schema";
import { apiKeyDisplayPrefix, generateApiKey, hashApiKey } from "@edgegate/shared/api-key";
import type { PlanId } from "@edgegate/shared/plans";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { seedDemoTraffic } from "./seed-traffic.ts";

export interface DemoCustomer {
  organizationId: string;
  name: string;
  slug: string;
  plan: PlanId;
  apiKeyId: string;
  /** A subscription at the stand-in's prices (null: none — FREE, or an invoiced enterprise deal). */
  subscription: { status: "active" | "past_due"; flatPriceId: string; overagePriceId: string } | null;
  /** Requests over the demo week (the demo organization has 10,000). */
  requests: number;
}

export const DEMO_CUSTOMERS: readonly DemoCustomer[] = [
  {
    organizationId: "org_demo_acme",
    name: "Acme Robotics",
    slug: "acme-robotics",
    plan: "STARTER",
    apiKeyId: "key_demo_acme",
    subscription: {
      status: "active",
      flatPriceId: "price_starter_flat",
      overagePriceId: "price_starter_overage",
    },
    requests: 3_000,
  },
  {
    organizationId: "org_demo_globex",
    name: "Globex Travel",
    slug: "globex-travel",
    plan: "PRO",
    apiKeyId: "key_demo_globex",
    subscription: { status: "past_due", flatPriceId: "price_pro_flat", overagePriceId: "price_pro_overage" },
    requests: 2_000,
  },
  {
    organizationId: "org_demo_umbrella",
    name: "Umbrella Health",
    slug: "umbrella-health",
    plan: "ENTERPRISE",
    apiKeyId: "key_demo_umbrella",
    subscription: null,
    requests: 1_500,
  },
  {
    organizationId: "org_demo_initech",
    name: "Initech",
    slug: "initech",
    plan: "FREE",
    apiKeyId: "key_demo_initech",
    subscription: null,
    requests: 600,
  },
];

/** The customer whose key the banner prints (the one to suspend). */
export const BANNER_CUSTOMER = DEMO_CUSTOMERS[0] as DemoCustomer;

/**
 * Creates or re-aligns the demo customers (idempotent). `bannerApiKey` is the first customer's
 * key secret; the others' secrets are generated and thrown away (their keys exist for traffic).
 */
export async function seedDemoCustomers(databaseUrl: string, bannerApiKey: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const db = drizzle({ client, schema, casing: "snake_case" });
    await db.transaction(async (tx) => {
      for (const customer of DEMO_CUSTOMERS) {
        const stripeCustomerId = customer.subscription ? `cus_${customer.organizationId}` : null;
        await tx
          .insert(schema.organizations)
          .values({
            id: customer.organizationId,
            name: customer.name,
            slug: customer.slug,
            plan: customer.plan,
            stripeCustomerId,
            stripeSubscriptionId: customer.subscription ? `sub_${customer.organizationId}` : null,
            subscriptionStatus: customer.subscription?.status ?? "none",
          })
          .onConflictDoNothing();
        if (customer.subscription) {
          await tx
            .insert(schema.billingSubscriptions)
            .values({
              organizationId: customer.organizationId,
              stripeSubscriptionId: `sub_${customer.organizationId}`,
              stripeCustomerId: stripeCustomerId as string,
              status: customer.subscription.status,
              plan: customer.plan,
              priceIds: [customer.subscription.flatPriceId, customer.subscription.overagePriceId],
            })
            .onConflictDoNothing();
        }
        const secret = customer === BANNER_CUSTOMER ? bannerApiKey : generateApiKey();
        const keyHash = await hashApiKey(secret);
        const key = {
          id: customer.apiKeyId,
          organizationId: customer.organizationId,
          name: `${customer.name} production`,
          keyHash,
          displayPrefix: apiKeyDisplayPrefix(secret),
          scopes: ["*"],
        };
        if (customer === BANNER_CUSTOMER) {
          await tx
            .insert(schema.apiKeys)
            .values(key)
            .onConflictDoUpdate({
              target: schema.apiKeys.id,
              set: { keyHash, displayPrefix: key.displayPrefix, enabled: true, revokedAt: null },
            });
        } else {
          await tx.insert(schema.apiKeys).values(key).onConflictDoNothing();
        }
      }
    });
  } finally {
    await client.end();
  }
}

/** The customers' week of traffic (each adds nothing if it already has traffic); total stored. */
export async function seedDemoCustomerTraffic(databaseUrl: string, days: number): Promise<number> {
  let stored = 0;
  for (const customer of DEMO_CUSTOMERS) {
    stored += await seedDemoTraffic({
      databaseUrl,
      organizationId: customer.organizationId,
      keyIds: [customer.apiKeyId],
      rows: customer.requests,
      days,
    });
  }
  return stored;
}
