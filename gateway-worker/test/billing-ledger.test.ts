// The billing ledger end to end: real requests through the gateway (proxied, refused by the
// gateway, admitted fail-open, upstream errors), stored by the real queue consumer; the ledger
// counts exactly what the gateway proxied and the upstream answered.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { usageRecords } from "../src/db/schema/usage.ts";
import {
  billableByDay,
  billableByHour,
  billableByOrganizationHour,
  billableTotal,
  closedHoursEnd,
  LEDGER_SETTLE_MS,
  monthOf,
} from "../src/services/billing/ledger.ts";
import { quotaKey } from "../src/services/limiter.ts";
import { callGateway, createTestKey, services, updateTestKey, waitForRequestLog } from "./helpers.ts";
import { deliver, makeEvent, recentBase } from "./pipeline-helpers.ts";

const HOUR = 3_600_000;

async function send(path: string, key: string, env: Partial<Env> = {}) {
  const response = await callGateway(path, { key }, { REDIS_TIMEOUT_MS: "2000", ...env });
  const id = response.headers.get("X-Request-ID") as string;
  await waitForRequestLog(id);
  return response.status;
}

describe("billing ledger", () => {
  it("counts requests the upstream answered (any status, fail-open too), not the gateway's refusals", async () => {
    const testKey = await createTestKey({
      plan: "STARTER",
      key: { rateLimitPerMinute: 1_000, burstLimit: 1_000 },
    });
    const statuses = [
      await send("/v1/echo", testKey.key), // proxied 200
      await send("/v1/status/404", testKey.key), // upstream 4xx
      await send("/v1/status/500", testKey.key), // upstream 5xx
      // Redis unreachable: admitted fail-open, proxied.
      await send("/v1/echo", testKey.key, { UPSTASH_REDIS_REST_URL: "http://127.0.0.1:9" }),
      // The upstream cannot be reached: the gateway's own 502.
      await send("/v1/echo", testKey.key, { UPSTREAM_URL: "http://127.0.0.1:9" }),
    ];
    expect(statuses).toEqual([200, 404, 500, 200, 502]);
    // The gateway's own refusals of a known key: quota, then a disabled key.
    await services().redis.set(quotaKey(testKey.organizationId, Date.now()), 1e9);
    expect(await send("/v1/echo", testKey.key)).toBe(429);
    await updateTestKey(testKey, { enabled: false });
    expect(await send("/v1/echo", testKey.key)).toBe(401);

    const now = Date.now();
    const range = { from: new Date(now - HOUR), to: new Date(now + HOUR) };
    const hours = await billableByHour(services(), testKey.organizationId, range);
    expect(hours.reduce((sum, h) => sum + h.billable, 0)).toBe(4);
    expect(await billableTotal(services(), testKey.organizationId, monthOf(now))).toBe(4);
    // The quota bar's monthly usage row uses the same definition.
    const [usage] = await services()
      .database.db.select()
      .from(usageRecords)
      .where(eq(usageRecords.organizationId, testKey.organizationId));
    expect(usage?.requestCount).toBe(4);
  });

  it("buckets by UTC hour and day, per organization, and a redelivered event adds nothing", async () => {
    const testKey = await createTestKey();
    const other = await createTestKey();
    // Two hours in the current month (recentBase never crosses into the previous month).
    const base = Math.floor(recentBase(0) / HOUR) * HOUR;
    const earlier = Math.max(base - HOUR, monthOf(base).from.getTime());
    const events = [
      makeEvent(testKey, { at: earlier + 1_000 }),
      makeEvent(testKey, { at: earlier + 2_000, status: 503 }),
      makeEvent(testKey, { at: base + 1_000 }),
      makeEvent(testKey, {
        at: base + 2_000,
        status: 429,
        upstreamTtfbMs: null,
        rateLimitOutcome: "rate_limited",
      }),
      makeEvent(testKey, { at: base + 3_000, status: 403, upstreamTtfbMs: null, errorCode: "FORBIDDEN" }),
      makeEvent(other, { at: base + 4_000 }),
    ];
    await deliver(events);
    await deliver([events[0]]);
    const range = { from: new Date(earlier), to: new Date(base + HOUR) };
    const hours = await billableByHour(services(), testKey.organizationId, range);
    const expected =
      earlier === base
        ? [{ hour: new Date(base), billable: 3 }]
        : [
            { hour: new Date(earlier), billable: 2 },
            { hour: new Date(base), billable: 1 },
          ];
    expect(hours).toEqual(expected);

    const all = await billableByOrganizationHour(services(), range);
    expect(all.filter((row) => row.organizationId === other.organizationId)).toEqual([
      { organizationId: other.organizationId, hour: new Date(base), billable: 1 },
    ]);

    const days = await billableByDay(services(), testKey.organizationId, monthOf(base));
    expect(days[0]?.day).toBe(monthOf(base).from.toISOString().slice(0, 10));
    expect(days.length).toBeGreaterThanOrEqual(28);
    expect(days.reduce((sum, d) => sum + d.billable, 0)).toBe(3);
    expect(days.find((d) => d.day === new Date(base).toISOString().slice(0, 10))?.billable).toBeGreaterThan(
      0,
    );
  });

  it("treats an hour as closed only once it has settled", () => {
    const hourStart = Date.UTC(2026, 0, 15, 10);
    expect(closedHoursEnd(hourStart + HOUR + LEDGER_SETTLE_MS - 1).getTime()).toBe(hourStart);
    expect(closedHoursEnd(hourStart + HOUR + LEDGER_SETTLE_MS).getTime()).toBe(hourStart + HOUR);
  });
});
