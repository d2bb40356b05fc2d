// Rate limits, burst and quota through @upstash/ratelimit → the Upstash bridge → real Redis.
import { describe, expect, it } from "vitest";
import { quotaKey, startOfNextMonthUtc } from "../src/services/limiter.ts";
import {
  callGateway as callGatewayWithEnv,
  createTestKey,
  type ErrorBody,
  services,
  withinOneWindow,
} from "./helpers.ts";

// These tests are about counting, not timeouts: a generous Redis timeout keeps a busy test
// machine from turning a slow answer into a fail-open (which has its own tests).
const callGateway = (path: string, init: Parameters<typeof callGatewayWithEnv>[1]) =>
  callGatewayWithEnv(path, init, { REDIS_TIMEOUT_MS: "2000" });

async function codes(responses: Response[]): Promise<string[]> {
  return Promise.all(
    responses.map(async (response) =>
      response.status === 200 ? "OK" : ((await response.clone().json()) as ErrorBody).error.code,
    ),
  );
}

describe("rate limits", () => {
  it("allows exactly L of N concurrent requests in a minute window", async () => {
    const testKey = await createTestKey({ key: { rateLimitPerMinute: 10, burstLimit: 1_000 } });
    await withinOneWindow(2_000);
    const responses = await Promise.all(
      Array.from({ length: 30 }, () => callGateway("/v1/echo", { key: testKey.key })),
    );
    const results = await codes(responses);
    expect(results.filter((code) => code === "OK")).toHaveLength(10);
    expect(results.filter((code) => code === "RATE_LIMITED")).toHaveLength(20);
    const limited = responses.find((response) => response.status === 429) as Response;
    const retryAfter = Number(limited.headers.get("Retry-After"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.headers.get("X-RateLimit-Limit")).toBe("10");
    expect(limited.headers.get("X-RateLimit-Remaining")).toBe("0");
    expect(limited.headers.get("RateLimit-Policy")).toContain('"minute";q=10;w=60');
  });

  it("allows exactly the burst size of concurrent requests", async () => {
    // 30/min refills a token every 2 s: the batch is done long before one comes back, even on a
    // loaded machine (at 600/min a 100 ms batch already saw a sixth token).
    const testKey = await createTestKey({ key: { rateLimitPerMinute: 30, burstLimit: 5 } });
    const responses = await Promise.all(
      Array.from({ length: 15 }, () => callGateway("/v1/echo", { key: testKey.key })),
    );
    const results = await codes(responses);
    expect(results.filter((code) => code === "OK")).toHaveLength(5);
    expect(results.filter((code) => code === "BURST_LIMITED")).toHaveLength(10);
    const limited = responses.find((response) => response.status === 429) as Response;
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
    expect(limited.headers.get("RateLimit-Policy")).toContain('"burst";q=5;w=10');
  });

  it("refills the burst bucket one token at a time at the per-minute rate", async () => {
    // 30/min = one token every 2 s, counted from the bucket's first request: the seventh request
    // comes well inside the first interval, and 4.5 s later at least two tokens are back.
    const testKey = await createTestKey({ key: { rateLimitPerMinute: 30, burstLimit: 5 } });
    await Promise.all(Array.from({ length: 6 }, () => callGateway("/v1/echo", { key: testKey.key })));
    expect((await callGateway("/v1/echo", { key: testKey.key })).status).toBe(429);
    await new Promise((resolve) => setTimeout(resolve, 4_500));
    const results = await codes(
      await Promise.all(Array.from({ length: 6 }, () => callGateway("/v1/echo", { key: testKey.key }))),
    );
    // Tokens came back (two or three at 4.5 s), never more than the bucket holds.
    const allowed = results.filter((code) => code === "OK").length;
    expect(allowed).toBeGreaterThanOrEqual(2);
    expect(allowed).toBeLessThanOrEqual(5);
  });

  it("gives back the minute window's count for requests the burst bucket refused", async () => {
    // 20/min refills one burst token every 3 s; the bucket holds 3.
    const testKey = await createTestKey({ key: { rateLimitPerMinute: 20, burstLimit: 3 } });
    await withinOneWindow(6_000);
    const first = await codes(
      await Promise.all(Array.from({ length: 6 }, () => callGateway("/v1/echo", { key: testKey.key }))),
    );
    expect(first.filter((code) => code === "OK")).toHaveLength(3);
    expect(first.filter((code) => code === "BURST_LIMITED")).toHaveLength(3);
    await new Promise((resolve) => setTimeout(resolve, 3_100));
    const next = await callGateway("/v1/echo", { key: testKey.key });
    expect(next.status).toBe(200);
    // 4 admitted so far; the 3 burst refusals no longer count against the minute.
    expect(next.headers.get("X-RateLimit-Remaining")).toBe("16");
  });

  it("counts the limit per key, not per organization or isolate", async () => {
    const first = await createTestKey({ key: { rateLimitPerMinute: 2, burstLimit: 100 } });
    const second = await createTestKey({ key: { rateLimitPerMinute: 2, burstLimit: 100 } });
    await withinOneWindow(2_000);
    for (let i = 0; i < 2; i++) expect((await callGateway("/v1/echo", { key: first.key })).status).toBe(200);
    expect((await callGateway("/v1/echo", { key: first.key })).status).toBe(429);
    expect((await callGateway("/v1/echo", { key: second.key })).status).toBe(200);
  });

  it("enforces the plan's monthly quota with the reset at the start of next month (UTC)", async () => {
    const testKey = await createTestKey({ plan: "FREE" });
    const now = Date.now();
    await services().redis.set(quotaKey(testKey.organizationId, now), 9_999);
    const last = await callGateway("/v1/echo", { key: testKey.key });
    expect(last.status).toBe(200);
    expect(last.headers.get("RateLimit")).toContain('"monthly";r=0;');
    const refused = await callGateway("/v1/echo", { key: testKey.key });
    const body = (await refused.json()) as ErrorBody;
    expect(refused.status).toBe(429);
    expect(body.error.code).toBe("QUOTA_EXCEEDED");
    const expected = Math.ceil((startOfNextMonthUtc(now) - now) / 1000);
    expect(Math.abs(Number(refused.headers.get("Retry-After")) - expected)).toBeLessThanOrEqual(5);
  });

  it("gives the monthly counter an expiry a week past the end of its month", async () => {
    const testKey = await createTestKey();
    const now = Date.now();
    expect((await callGateway("/v1/echo", { key: testKey.key })).status).toBe(200);
    const ttl = await services().redis.ttl(quotaKey(testKey.organizationId, now));
    const expected = Math.ceil((startOfNextMonthUtc(now) - now) / 1000) + 7 * 86_400;
    expect(Math.abs(ttl - expected)).toBeLessThanOrEqual(5);
  });

  it("does not charge the quota for requests the rate limit refused", async () => {
    const testKey = await createTestKey({ key: { rateLimitPerMinute: 1, burstLimit: 100 } });
    await withinOneWindow(2_000);
    await callGateway("/v1/echo", { key: testKey.key });
    await callGateway("/v1/echo", { key: testKey.key });
    await callGateway("/v1/echo", { key: testKey.key });
    const used = await services().redis.get<number>(quotaKey(testKey.organizationId, Date.now()));
    expect(Number(used)).toBe(1);
  });

  it("uses the plan's limits when the key has no override", async () => {
    const testKey = await createTestKey({ plan: "FREE" });
    const response = await callGateway("/v1/echo", { key: testKey.key });
    expect(response.headers.get("X-RateLimit-Limit")).toBe("60");
    // The monthly window is this calendar month: 28 to 31 days.
    expect(response.headers.get("RateLimit-Policy")).toMatch(
      /^"minute";q=60;w=60, "burst";q=20;w=20, "monthly";q=10000;w=(2419200|2505600|2592000|2678400)$/,
    );
  });
});
