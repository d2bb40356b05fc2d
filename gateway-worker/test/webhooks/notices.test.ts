// Notices that are not changes: `api_key.expiring` from the hourly job and
// `usage.quota_threshold` from the request-log consumer, each emitted once per fact.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { usageRecords } from "../../src/db/schema/usage.ts";
import { webhookEvents, webhooks } from "../../src/db/schema/webhooks.ts";
import { warnExpiringKeys } from "../../src/jobs/key-expiry.ts";
import { createKey, ownerWithOrg, type TestUser } from "../admin/helpers.ts";
import { createTestKey, services } from "../helpers.ts";
import { deliver, makeEvent } from "../pipeline-helpers.ts";
import { createEndpoint, newHook, waitFor } from "./helpers.ts";

type Owner = TestUser & { organizationId: string };
let owner: Owner;

beforeAll(async () => {
  owner = await ownerWithOrg();
});

const HOUR = 3_600_000;

async function eventsOf(organizationId: string, type: string) {
  return services()
    .database.db.select()
    .from(webhookEvents)
    .where(and(eq(webhookEvents.organizationId, organizationId), eq(webhookEvents.type, type)));
}

describe("webhook notices", () => {
  it("warns 7 days and 1 day before a key expires, once each", async () => {
    const hook = await newHook();
    await createEndpoint(owner.cookie, { url: hook.url, eventTypes: ["api_key.expiring"] });
    const inThreeDays = await createKey(owner.cookie, {
      expiresAt: new Date(Date.now() + 72 * HOUR).toISOString(),
    });
    const inTwelveHours = await createKey(owner.cookie, {
      expiresAt: new Date(Date.now() + 12 * HOUR).toISOString(),
    });
    await createKey(owner.cookie, { expiresAt: new Date(Date.now() + 30 * 24 * HOUR).toISOString() });

    await warnExpiringKeys(services(), Date.now());
    await warnExpiringKeys(services(), Date.now());
    const got = await waitFor("two warnings", async () => {
      const list = await hook.received();
      return list.length >= 2 && list;
    });
    const warnings = got.map((d) => JSON.parse(d.body).data as { id: string; daysBefore: number });
    expect(warnings.map((w) => [w.id, w.daysBefore]).sort()).toEqual(
      [
        [inThreeDays.apiKey.id, 7],
        [inTwelveHours.apiKey.id, 1],
      ].sort(),
    );
    expect(await eventsOf(owner.organizationId, "api_key.expiring")).toHaveLength(2);

    // Two days later the first key is within a day of expiring: its second warning.
    await warnExpiringKeys(services(), Date.now() + 50 * HOUR);
    const all = await eventsOf(owner.organizationId, "api_key.expiring");
    expect(all.map((e) => [e.payload.data.id, e.payload.data.daysBefore]).sort()).toEqual(
      [
        [inThreeDays.apiKey.id, 1],
        [inThreeDays.apiKey.id, 7],
        [inTwelveHours.apiKey.id, 1],
      ].sort(),
    );
  });

  it("emits the 80 % and 100 % quota thresholds once per month as the consumer stores requests", async () => {
    const testKey = await createTestKey({ plan: "FREE" });
    const s = services();
    const hook = await newHook();
    const id = `whe_${crypto.randomUUID()}`;
    await s.database.db.insert(webhooks).values({
      id,
      organizationId: testKey.organizationId,
      url: hook.url,
      eventTypes: ["usage.quota_threshold"],
      secretCiphertext: await s.webhooks.secrets.seal(id, `whsec_${"A".repeat(43)}=`),
    });
    const now = Date.now();
    const periodStart = `${new Date(now).toISOString().slice(0, 7)}-01`;
    // FREE allows 10,000 requests a month: 7,999 so far.
    await s.database.db
      .insert(usageRecords)
      .values({ organizationId: testKey.organizationId, periodStart, requestCount: 7_999 });

    await deliver([makeEvent(testKey, { at: now - 1_000 })]);
    await deliver([makeEvent(testKey, { at: now - 900 })]);
    const [eighty] = await waitFor("the 80 % notice", async () => {
      const list = await hook.received();
      return list.length > 0 && list;
    });
    expect(JSON.parse(eighty?.body ?? "{}").data).toMatchObject({
      thresholdPercent: 80,
      requestCount: 8_000,
      monthlyQuota: 10_000,
      plan: "FREE",
    });

    await s.database.db
      .update(usageRecords)
      .set({ requestCount: 9_999 })
      .where(eq(usageRecords.organizationId, testKey.organizationId));
    await deliver([makeEvent(testKey, { at: now - 800 })]);
    await deliver([makeEvent(testKey, { at: now - 700 })]);
    const events = await eventsOf(testKey.organizationId, "usage.quota_threshold");
    expect(events.map((e) => e.payload.data.thresholdPercent).sort()).toEqual([100, 80]);
  });
});
