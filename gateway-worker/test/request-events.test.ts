// Request events: sent after the body streamed, delivered through the real request-logs queue
// to its consumer, stored once in request_logs; never carrying the key.
import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { deadLetterEvents } from "../src/db/schema/dead-letters.ts";
import { requestLogs } from "../src/db/schema/request-logs.ts";
import worker from "../src/index.ts";
import { callGateway, createTestKey, services, waitForRequestLog } from "./helpers.ts";

describe("request events", () => {
  it("reach request_logs with what happened, and never the key", async () => {
    const testKey = await createTestKey();
    const response = await callGateway("/v1/bytes/5000", {
      key: testKey.key,
      headers: { "User-Agent": "edgegate-test/1.0" },
    });
    expect(response.status).toBe(200);
    const id = response.headers.get("X-Request-ID") as string;
    const row = await waitForRequestLog(id);
    expect(row).toMatchObject({
      organizationId: testKey.organizationId,
      apiKeyId: testKey.keyId,
      method: "GET",
      path: "/v1/bytes/:id",
      status: 200,
      responseBytes: 5000,
      clientIp: "203.0.113.7",
      userAgent: "edgegate-test/1.0",
      errorCode: null,
      rateLimitOutcome: "allowed",
      failOpen: false,
    });
    expect(row.upstreamTtfbMs).not.toBeNull();
    expect(row.latencyMs).toBeGreaterThanOrEqual(row.upstreamTtfbMs as number);
    expect(JSON.stringify(row)).not.toContain(testKey.key);
  });

  it("record refusals with their error code", async () => {
    const testKey = await createTestKey({ key: { scopes: ["get:orders"] } });
    const response = await callGateway("/v1/users", { key: testKey.key });
    expect(response.status).toBe(403);
    const row = await waitForRequestLog(response.headers.get("X-Request-ID") as string);
    expect(row).toMatchObject({ status: 403, errorCode: "FORBIDDEN", apiKeyId: testKey.keyId });
    expect(row.responseBytes).toBe((await response.clone().arrayBuffer()).byteLength);
  });

  it("store a redelivered event once, and keep malformed messages for inspection", async () => {
    const testKey = await createTestKey();
    const response = await callGateway("/v1/echo", { key: testKey.key });
    const id = response.headers.get("X-Request-ID") as string;
    const stored = await waitForRequestLog(id);
    const event = {
      type: "request",
      id,
      timestamp: stored.createdAt.getTime(),
      organizationId: testKey.organizationId,
      apiKeyId: testKey.keyId,
      method: "GET",
      path: "/v1/echo",
      status: 200,
      latencyMs: 1,
      upstreamTtfbMs: 1,
      requestBytes: 0,
      responseBytes: 1,
      clientIp: null,
      country: null,
      userAgent: null,
      errorCode: null,
      rateLimitOutcome: "allowed",
      failOpen: false,
    };
    const malformedId = `bad-${crypto.randomUUID()}`;
    const batch = createMessageBatch<unknown>("request-logs", [
      { id: "m1", timestamp: new Date(), attempts: 1, body: event },
      { id: "m2", timestamp: new Date(), attempts: 1, body: event },
      {
        id: malformedId,
        timestamp: new Date(),
        attempts: 1,
        body: { type: "request", id: "nope", status: "x" },
      },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks.sort()).toEqual(["m1", "m2", malformedId].sort());
    expect(result.retryMessages).toEqual([]);
    const { db } = services().database;
    expect(await db.select().from(requestLogs).where(eq(requestLogs.id, id))).toHaveLength(1);
    const [kept] = await db
      .select()
      .from(deadLetterEvents)
      .where(eq(deadLetterEvents.messageId, malformedId));
    expect(kept?.kind).toBe("malformed");
    expect(kept?.reason).toMatch(/id/);
  });
});
