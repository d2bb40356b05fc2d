// The demo customers `pnpm dev` seeds for the operator console: four organizations on
// different plans (one past due), each with one key and a week of traffic smaller than the demo
// organization's; re-seeding changes nothing but re-aligns the banner customer's key with the
// secret in dev-state, and traffic is added once.
import { generateApiKey, hashApiKey } from "@edgegate/shared/api-key";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDatabase, migrateDatabase } from "../src/migrate.ts";
import {
  BANNER_CUSTOMER,
  DEMO_CUSTOMERS,
  seedDemoCustomers,
  seedDemoCustomerTraffic,
} from "../src/seed-customers.ts";
import { testSettings } from "../src/test-settings.ts";

const databaseUrl = `${testSettings().databaseUrl}_seed_customers`;
let client: pg.Client;

async function dropDatabase() {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  url.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  await admin.query(`drop database if exists "${name}" with (force)`);
  await admin.end();
}

beforeAll(async () => {
  await dropDatabase();
  await ensureDatabase(databaseUrl);
  await migrateDatabase(databaseUrl);
  client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
}, 120_000);

afterAll(async () => {
  await client?.end();
  await dropDatabase();
});

describe("demo customers", () => {
  it("are organizations on every plan, one past due, each with one key; re-seeding re-aligns the banner key", async () => {
    const first = generateApiKey();
    await seedDemoCustomers(databaseUrl, first);
    const second = generateApiKey();
    await seedDemoCustomers(databaseUrl, second);
    const { rows: orgs } = await client.query<{ id: string; plan: string; subscription_status: string }>(
      `select id, plan, subscription_status from organizations order by id`,
    );
    expect(orgs).toHaveLength(DEMO_CUSTOMERS.length);
    expect(new Set(orgs.map((o) => o.plan))).toEqual(new Set(["FREE", "STARTER", "PRO", "ENTERPRISE"]));
    expect(orgs.filter((o) => o.subscription_status === "past_due")).toHaveLength(1);
    const { rows: subscriptions } = await client.query<{ status: string }>(
      `select status from billing_subscriptions order by status`,
    );
    expect(subscriptions.map((s) => s.status)).toEqual(["active", "past_due"]);
    const { rows: keys } = await client.query<{ id: string; key_hash: string }>(
      `select id, key_hash from api_keys order by id`,
    );
    expect(keys).toHaveLength(DEMO_CUSTOMERS.length);
    // The secret saved in dev-state is the one the database knows.
    expect(keys.find((k) => k.id === BANNER_CUSTOMER.apiKeyId)?.key_hash).toBe(await hashApiKey(second));
  });

  it("get a week of traffic once, each smaller than the demo organization's 10,000", async () => {
    const stored = await seedDemoCustomerTraffic(databaseUrl, 7);
    expect(stored).toBe(DEMO_CUSTOMERS.reduce((sum, c) => sum + c.requests, 0));
    expect(await seedDemoCustomerTraffic(databaseUrl, 7)).toBe(0);
    const { rows } = await client.query<{ organization_id: string; n: string }>(
      `select organization_id, count(*) as n from request_logs group by 1`,
    );
    expect(rows).toHaveLength(DEMO_CUSTOMERS.length);
    for (const row of rows) expect(Number(row.n)).toBeLessThan(10_000);
  }, 180_000);
});
