// Organization-wide limits: a plan or overage-policy change (applyOrganizationBilling, what the
// Stripe sync and the admin API call) reaches every key of the organization on its next request,
// and the gateway enforces hard_cap, bill_overage and bill_overage + spend cap — through the
// Worker's fetch handler against the real Postgres, Redis (via the Upstash bridge) and upstream.
import { apiKeyDisplayPrefix, generateApiKey, hashApiKey } from "@edgegate/shared/api-key";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { apiKeys } from "../src/db/schema/api-keys.ts";
import { auditLogs } from "../src/db/schema/audit.ts";
import { organizations } from "../src/db/schema/organizations.ts";
import {
  applyOrganizationBilling,
  type BillingChangeSource,
} from "../src/services/billing/organization-limits.ts";
import { quotaKey } from "../src/services/limiter.ts";
import {
  callGateway as callGatewayWithEnv,
  createTestKey,
  type ErrorBody,
  services,
  type TestKey,
} from "./helpers.ts";

const callGateway = (key: string) => callGatewayWithEnv("/v1/echo", { key }, { REDIS_TIMEOUT_MS: "2000" });

const SYSTEM: BillingChangeSource = {
  actor: { type: "system", id: null, label: "billing test" },
  request: null,
};

/** A second key in the same organization as `first`. */
async function anotherKey(first: TestKey): Promise<TestKey> {
  const key = generateApiKey();
  const keyHash = await hashApiKey(key);
  const keyId = `key_${crypto.randomUUID()}`;
  await services()
    .database.db.insert(apiKeys)
    .values({
      id: keyId,
      organizationId: first.organizationId,
      name: keyId,
      keyHash,
      displayPrefix: apiKeyDisplayPrefix(key),
      scopes: ["*"],
    });
  return { key, keyId, keyHash, organizationId: first.organizationId };
}

const setUsed = (organizationId: string, used: number) =>
  services().redis.set(quotaKey(organizationId, Date.now()), used);
const used = async (organizationId: string) =>
  Number(await services().redis.get<number>(quotaKey(organizationId, Date.now())));

describe("organization-wide publish", () => {
  it("a plan change shows in every key's next response; other organizations are unaffected", async () => {
    const first = await createTestKey({ plan: "STARTER" });
    const second = await anotherKey(first);
    const other = await createTestKey({ plan: "STARTER" });
    // Warm this isolate's caches (and KV) with the STARTER copies.
    for (const key of [first, second, other]) {
      const warm = await callGateway(key.key);
      expect(warm.headers.get("X-RateLimit-Limit")).toBe("600");
    }

    const applied = await applyOrganizationBilling(services(), first.organizationId, { plan: "PRO" }, SYSTEM);
    expect(applied).toMatchObject({ changed: true, before: { plan: "STARTER" }, after: { plan: "PRO" } });

    for (const key of [first, second]) {
      const next = await callGateway(key.key);
      expect(next.status).toBe(200);
      expect(next.headers.get("X-RateLimit-Limit")).toBe("6000");
      expect(next.headers.get("RateLimit-Policy")).toContain('"monthly";q=1000000;');
      expect(next.headers.get("X-Quota-Limit")).toBe("1000000");
    }
    const untouched = await callGateway(other.key);
    expect(untouched.headers.get("X-RateLimit-Limit")).toBe("600");
    expect(untouched.headers.get("X-Quota-Limit")).toBe("100000");
    // The request decided twice (old copy, then new) is counted once: 2 requests per key.
    expect(await used(first.organizationId)).toBe(4);
  });

  it("records the change in the audit log, and does nothing when nothing differs", async () => {
    const testKey = await createTestKey({ plan: "STARTER" });
    const s = services();
    await applyOrganizationBilling(s, testKey.organizationId, { overagePolicy: "bill_overage" }, SYSTEM);
    const again = await applyOrganizationBilling(
      s,
      testKey.organizationId,
      { overagePolicy: "bill_overage" },
      SYSTEM,
    );
    expect(again.changed).toBe(false);
    const rows = await s.database.db
      .select()
      .from(auditLogs)
      .where(
        and(eq(auditLogs.organizationId, testKey.organizationId), eq(auditLogs.targetType, "organization")),
      );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: "organization.billing_update",
      actorType: "system",
      before: { overagePolicy: "hard_cap", plan: "STARTER", spendCapRequests: null },
      after: { overagePolicy: "bill_overage", plan: "STARTER", spendCapRequests: null },
    });
  });

  it("refuses bill_overage on FREE with a 409 and changes nothing", async () => {
    const testKey = await createTestKey({ plan: "FREE" });
    await expect(
      applyOrganizationBilling(services(), testKey.organizationId, { overagePolicy: "bill_overage" }, SYSTEM),
    ).rejects.toMatchObject({ code: "CONFLICT", status: 409 });
    const [row] = await services()
      .database.db.select()
      .from(organizations)
      .where(eq(organizations.id, testKey.organizationId));
    expect(row?.overagePolicy).toBe("hard_cap");
  });

  it("answers NOT_FOUND for an unknown organization", async () => {
    await expect(
      applyOrganizationBilling(services(), "org_does_not_exist", { plan: "PRO" }, SYSTEM),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("overage policies at the gateway", () => {
  it("hard_cap: refused with QUOTA_EXCEEDED past the quota", async () => {
    const testKey = await createTestKey({ plan: "STARTER" });
    await setUsed(testKey.organizationId, 99_999);
    const last = await callGateway(testKey.key);
    expect(last.status).toBe(200);
    expect(last.headers.get("X-Quota-Policy")).toBe("hard_cap");
    expect(last.headers.get("X-Quota-Remaining")).toBe("0");
    const refused = await callGateway(testKey.key);
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as ErrorBody).error.code).toBe("QUOTA_EXCEEDED");
  });

  it("bill_overage: served past the quota, the quota headers show the overage", async () => {
    const testKey = await createTestKey({ plan: "STARTER" });
    await applyOrganizationBilling(
      services(),
      testKey.organizationId,
      { overagePolicy: "bill_overage" },
      SYSTEM,
    );
    await setUsed(testKey.organizationId, 150_000);
    const response = await callGateway(testKey.key);
    expect(response.status).toBe(200);
    expect(response.headers.get("X-Quota-Policy")).toBe("bill_overage");
    expect(response.headers.get("X-Quota-Limit")).toBe("100000");
    expect(response.headers.get("X-Quota-Remaining")).toBe("0");
    expect(response.headers.get("X-Quota-Spend-Cap")).toBeNull();
    // Nothing refuses on monthly volume: no monthly item in the policies.
    expect(response.headers.get("RateLimit-Policy")).not.toMatch(/monthly|spend-cap/);
    expect(await used(testKey.organizationId)).toBe(150_001);
  });

  it("bill_overage + spend cap: refused with SPEND_CAP_REACHED past quota + cap", async () => {
    const testKey = await createTestKey({ plan: "STARTER" });
    await applyOrganizationBilling(
      services(),
      testKey.organizationId,
      { overagePolicy: "bill_overage", spendCapRequests: 500 },
      SYSTEM,
    );
    await setUsed(testKey.organizationId, 100_499);
    const last = await callGateway(testKey.key);
    expect(last.status).toBe(200);
    expect(last.headers.get("X-Quota-Spend-Cap")).toBe("500");
    expect(last.headers.get("RateLimit-Policy")).toMatch(/"spend-cap";q=100500;w=\d+$/);
    expect(last.headers.get("RateLimit")).toContain('"spend-cap";r=0;');
    const refused = await callGateway(testKey.key);
    expect(refused.status).toBe(429);
    const body = (await refused.json()) as ErrorBody;
    expect(body.error.code).toBe("SPEND_CAP_REACHED");
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
  });

  it("FREE is always hard_cap, whatever is stored", async () => {
    const testKey = await createTestKey({ plan: "STARTER" });
    await applyOrganizationBilling(
      services(),
      testKey.organizationId,
      { overagePolicy: "bill_overage" },
      SYSTEM,
    );
    // A downgrade (subscription ended) keeps the stored policy; the gateway ignores it on FREE.
    await applyOrganizationBilling(services(), testKey.organizationId, { plan: "FREE" }, SYSTEM);
    await setUsed(testKey.organizationId, 10_000);
    const refused = await callGateway(testKey.key);
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as ErrorBody).error.code).toBe("QUOTA_EXCEEDED");
    expect(refused.headers.get("X-Quota-Policy")).toBe("hard_cap");
  });

  it("lifting a hard cap lets the very next request through", async () => {
    const testKey = await createTestKey({ plan: "STARTER" });
    await setUsed(testKey.organizationId, 100_000);
    expect((await callGateway(testKey.key)).status).toBe(429);
    await applyOrganizationBilling(
      services(),
      testKey.organizationId,
      { overagePolicy: "bill_overage" },
      SYSTEM,
    );
    const next = await callGateway(testKey.key);
    expect(next.status).toBe(200);
    expect(next.headers.get("X-Quota-Policy")).toBe("bill_overage");
  });
});
