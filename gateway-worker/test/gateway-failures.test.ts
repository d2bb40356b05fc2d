// Dependencies failing under the gateway: Redis down or hung (fail open within the timeout),
// Postgres down on a cache miss (known keys keep working, unknown keys fail closed), and the
// upstream or the client going away mid-request.
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { PLANS } from "@edgegate/shared/plans";
import { describe, expect, inject, it } from "vitest";
import worker from "../src/index.ts";
import { RedisBreaker, redisBreaker } from "../src/services/redis.ts";
import { CLIENT_IP, callGateway, createTestKey, type ErrorBody, waitForRequestLog } from "./helpers.ts";

describe("Redis failures fail open", () => {
  it("answers when Redis refuses connections, and records the fail-open", async () => {
    const testKey = await createTestKey();
    const response = await callGateway(
      "/v1/echo",
      { key: testKey.key },
      { UPSTASH_REDIS_REST_URL: "http://127.0.0.1:9" },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("RateLimit-Policy")).toContain('"minute"');
    expect(response.headers.get("X-RateLimit-Remaining")).toBeNull();
    const row = await waitForRequestLog(response.headers.get("X-Request-ID") as string);
    expect(row.failOpen).toBe(true);
  });

  it("answers when Redis accepts but never replies (bounded by REDIS_TIMEOUT_MS)", async () => {
    const testKey = await createTestKey();
    const response = await callGateway(
      "/v1/echo",
      { key: testKey.key },
      { UPSTASH_REDIS_REST_URL: inject("blackHoleUrl"), REDIS_TIMEOUT_MS: "50" },
    );
    expect(response.status).toBe(200);
    const row = await waitForRequestLog(response.headers.get("X-Request-ID") as string);
    expect(row.failOpen).toBe(true);
    expect(row.rateLimitOutcome).toBe("allowed");
  });
});

describe("Redis circuit breaker", () => {
  it("opens after three failed rounds in a row, and the gateway keeps answering", async () => {
    const testKey = await createTestKey();
    const blackHole = { UPSTASH_REDIS_REST_URL: inject("blackHoleUrl"), REDIS_TIMEOUT_MS: "50" };
    redisBreaker(blackHole.UPSTASH_REDIS_REST_URL).record(true);
    for (let i = 0; i < RedisBreaker.TRIP_AFTER; i++) {
      expect(redisBreaker(blackHole.UPSTASH_REDIS_REST_URL).open).toBe(false);
      expect((await callGateway("/v1/echo", { key: testKey.key }, blackHole)).status).toBe(200);
    }
    expect(redisBreaker(blackHole.UPSTASH_REDIS_REST_URL).open).toBe(true);
    const response = await callGateway("/v1/echo", { key: testKey.key }, blackHole);
    expect(response.status).toBe(200);
    expect(response.headers.get("X-RateLimit-Remaining")).toBeNull();
  });

  it("while open, answers without Redis's verdict but still counts, and closes on the first answer", async () => {
    const testKey = await createTestKey({ plan: "FREE" });
    const breaker = redisBreaker(env.UPSTASH_REDIS_REST_URL);
    for (let i = 0; i < RedisBreaker.TRIP_AFTER; i++) breaker.record(false);
    expect(breaker.open).toBe(true);
    // Redis is healthy, but an open breaker does not wait for it: fail-open, recorded as such.
    const skipped = await callGateway("/v1/echo", { key: testKey.key });
    expect(skipped.status).toBe(200);
    expect(skipped.headers.get("X-RateLimit-Remaining")).toBeNull();
    const row = await waitForRequestLog(skipped.headers.get("X-Request-ID") as string);
    expect(row.failOpen).toBe(true);
    // Its background round answered, which closed the breaker, and it counted the request (the
    // monthly counter: the minute window's count would shift if the test crossed a minute).
    expect(breaker.open).toBe(false);
    const next = await callGateway("/v1/echo", { key: testKey.key });
    expect(next.headers.get("X-RateLimit-Remaining")).not.toBeNull();
    expect(next.headers.get("RateLimit")).toContain(`"monthly";r=${PLANS.FREE.monthlyQuota - 2};`);
  });
});

describe("Postgres down on a cache miss", () => {
  const postgresDown = { DATABASE_URL: "postgres://postgres@127.0.0.1:5432/edgegate_database_gone" };

  it("keeps serving keys that are already cached", async () => {
    const testKey = await createTestKey();
    expect((await callGateway("/v1/echo", { key: testKey.key })).status).toBe(200);
    expect((await callGateway("/v1/echo", { key: testKey.key }, postgresDown)).status).toBe(200);
  });

  it("fails closed for keys it cannot verify, with Retry-After", async () => {
    const testKey = await createTestKey();
    const response = await callGateway("/v1/echo", { key: testKey.key }, postgresDown);
    expect(response.status).toBe(503);
    expect(((await response.json()) as ErrorBody).error.code).toBe("SERVICE_UNAVAILABLE");
    expect(response.headers.get("Retry-After")).toBe("5");
    // Once Postgres is back the same key works: the failure was not cached as "unknown".
    expect((await callGateway("/v1/echo", { key: testKey.key })).status).toBe(200);
  });
});

describe("upstream and client failures", () => {
  it("cuts the response off when the upstream resets mid-stream, without faking an ending", async () => {
    const testKey = await createTestKey();
    const request = new Request("http://gateway.test/v1/reset", {
      headers: { Authorization: `Bearer ${testKey.key}`, "CF-Connecting-IP": CLIENT_IP },
    });
    const response = await worker.fetch(request, env, createExecutionContext());
    expect(response.status).toBe(200);
    await expect(response.arrayBuffer()).rejects.toThrow();
  });

  it("cancels the upstream call when the client disconnects", async () => {
    const testKey = await createTestKey();
    const client = new AbortController();
    const request = new Request("http://gateway.test/v1/delay/10000", {
      headers: { Authorization: `Bearer ${testKey.key}`, "CF-Connecting-IP": CLIENT_IP },
      signal: client.signal,
    });
    setTimeout(() => client.abort(), 300);
    const response = await worker.fetch(request, env, createExecutionContext());
    expect(response.status).toBe(499);
    const row = await waitForRequestLog(response.headers.get("X-Request-ID") as string);
    expect(row.errorCode).toBe("CLIENT_CLOSED");
  });

  it("records CLIENT_CLOSED when the client hangs up mid-stream (a chunked body after its 200)", async () => {
    const testKey = await createTestKey();
    const ctx = createExecutionContext();
    const request = new Request("http://gateway.test/v1/stream/20?intervalMs=100", {
      headers: { Authorization: `Bearer ${testKey.key}`, "CF-Connecting-IP": CLIENT_IP },
    });
    const response = await worker.fetch(request, env, ctx);
    expect(response.status).toBe(200);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    expect((await reader.read()).done).toBe(false);
    await reader.cancel();
    await waitOnExecutionContext(ctx);
    const row = await waitForRequestLog(response.headers.get("X-Request-ID") as string);
    expect(row.status).toBe(200);
    expect(row.errorCode).toBe("CLIENT_CLOSED");
    expect(row.responseBytes).toBeLessThan(20 * 1024);
  });
});
