// CORS for browser callers, and a queue that refuses events.
import { describe, expect, it } from "vitest";
import { requestEventSendFailures } from "../src/gateway/request-event.ts";
import { callGateway, createTestKey } from "./helpers.ts";

const cors = { CORS_ALLOWED_ORIGINS: "https://docs.example.com, https://play.example.com" };

describe("CORS", () => {
  it("answers an allowed origin's preflight without a key", async () => {
    const response = await callGateway(
      "/v1/users",
      {
        method: "OPTIONS",
        headers: {
          Origin: "https://play.example.com",
          "Access-Control-Request-Method": "POST",
          "Access-Control-Request-Headers": "authorization, content-type",
        },
      },
      cors,
    );
    expect(response.status).toBe(204);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("https://play.example.com");
    expect(response.headers.get("Access-Control-Allow-Methods")).toContain("POST");
    expect(response.headers.get("Access-Control-Allow-Headers")?.toLowerCase()).toContain("authorization");
  });

  it("gives other origins no CORS grant", async () => {
    const response = await callGateway(
      "/v1/users",
      {
        method: "OPTIONS",
        headers: { Origin: "https://evil.example", "Access-Control-Request-Method": "GET" },
      },
      cors,
    );
    expect(response.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });

  it("exposes the rate-limit and request-id headers to allowed browsers", async () => {
    const testKey = await createTestKey();
    const response = await callGateway(
      "/v1/echo",
      { key: testKey.key, headers: { Origin: "https://docs.example.com" } },
      cors,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("https://docs.example.com");
    const exposed = response.headers.get("Access-Control-Expose-Headers") ?? "";
    for (const name of ["X-Request-ID", "RateLimit", "RateLimit-Policy", "Retry-After"])
      expect(exposed).toContain(name);
  });
});

describe("request events when the queue fails", () => {
  it("still answers the caller, and counts the failed send", async () => {
    const testKey = await createTestKey();
    const before = requestEventSendFailures();
    const failingQueue = {
      send: () => Promise.reject(new Error("queue unavailable")),
      sendBatch: () => Promise.reject(new Error("queue unavailable")),
    } as unknown as Queue;
    const response = await callGateway("/v1/echo", { key: testKey.key }, { REQUEST_LOGS: failingQueue });
    expect(response.status).toBe(200);
    expect(requestEventSendFailures()).toBe(before + 1);
  });

  it("sends again after transient failures, and the event goes out once", async () => {
    const testKey = await createTestKey();
    const before = requestEventSendFailures();
    const sent: unknown[] = [];
    let failuresLeft = 2;
    const flakyQueue = {
      sendBatch: async (messages: { body: unknown }[]) => {
        if (failuresLeft-- > 0) throw new Error("queue briefly unavailable");
        sent.push(...messages.map((m) => m.body));
      },
    } as unknown as Queue;
    const response = await callGateway("/v1/echo", { key: testKey.key }, { REQUEST_LOGS: flakyQueue });
    expect(response.status).toBe(200);
    expect(sent).toEqual([
      expect.objectContaining({ id: response.headers.get("X-Request-ID"), status: 200 }),
    ]);
    expect(requestEventSendFailures()).toBe(before);
  });
});
