// The gateway's happy path and each error code, end to end inside workerd: real Postgres (Neon
// driver), KV, Redis (Upstash client → bridge), the request-logs queue and the demo upstream.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import {
  CLIENT_IP,
  callGateway,
  createTestKey,
  type EchoBody,
  type ErrorBody,
  updateTestKey,
} from "./helpers.ts";

async function expectError(response: Response, status: number, code: string): Promise<ErrorBody> {
  const body = (await response.json()) as ErrorBody;
  expect({ status: response.status, code: body.error?.code }).toEqual({ status, code });
  expect(body.error.requestId).toBe(response.headers.get("X-Request-ID"));
  expect(body.error.docs).toContain(code.toLowerCase().replaceAll("_", "-"));
  expect(response.headers.get("X-Edgegate-Error")).toBe(code);
  return body;
}

describe("gateway happy path", () => {
  it("proxies to the upstream with the gateway's headers and returns rate-limit headers", async () => {
    const testKey = await createTestKey({ plan: "STARTER" });
    const response = await callGateway("/v1/users/42?expand=orders&expand=profile", {
      key: testKey.key,
      headers: { "X-Custom": "kept", "X-Forwarded-For": "6.6.6.6", "X-Request-ID": "spoofed" },
    });
    expect(response.status).toBe(200);
    const echo = (await response.json()) as EchoBody;
    const requestId = response.headers.get("X-Request-ID");
    expect(requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(echo.method).toBe("GET");
    expect(echo.path).toBe("/v1/users/42");
    expect(echo.query).toEqual({ expand: ["orders", "profile"] });
    expect(echo.headers["x-custom"]).toBe("kept");
    expect(echo.headers["x-request-id"]).toBe(requestId);
    expect(echo.headers["x-api-key-id"]).toBe(testKey.keyId);
    expect(echo.headers["x-organization-id"]).toBe(testKey.organizationId);
    expect(echo.headers["x-forwarded-for"]).toBe(CLIENT_IP);
    expect(echo.headers.authorization).toBeUndefined();
    expect(JSON.stringify(echo)).not.toContain(testKey.key);

    expect(response.headers.get("X-RateLimit-Limit")).toBe("600");
    expect(response.headers.get("X-RateLimit-Remaining")).toBe("599");
    const reset = Number(response.headers.get("X-RateLimit-Reset"));
    expect(reset).toBeGreaterThan(Date.now() / 1000);
    expect(reset).toBeLessThanOrEqual(Date.now() / 1000 + 61);
    expect(response.headers.get("RateLimit-Policy")).toMatch(
      /^"minute";q=600;w=60, "burst";q=100;w=10, "monthly";q=100000;w=\d+$/,
    );
    expect(response.headers.get("RateLimit")).toMatch(
      /^"minute";r=599;t=\d+, "burst";r=99;t=\d+, "monthly";r=99999;t=\d+$/,
    );
    expect(response.headers.get("X-Edgegate-Error")).toBeNull();
  });

  it("accepts the key in X-API-Key and forwards the caller's own Authorization", async () => {
    const testKey = await createTestKey();
    const response = await callGateway("/v1/echo", {
      headers: { "X-API-Key": testKey.key, Authorization: "Basic dXNlcjpwYXNz" },
    });
    expect(response.status).toBe(200);
    const echo = (await response.json()) as EchoBody;
    expect(echo.headers.authorization).toBe("Basic dXNlcjpwYXNz");
    expect(echo.headers["x-api-key"]).toBeUndefined();
  });

  it("streams request bodies through and counts them", async () => {
    const testKey = await createTestKey();
    const payload = "x".repeat(256 * 1024);
    const response = await callGateway("/v1/uploads", { method: "POST", key: testKey.key, body: payload });
    expect(response.status).toBe(200);
    const echo = (await response.json()) as EchoBody;
    expect(echo.bodyBytes).toBe(payload.length);
  });

  it("passes each upstream Set-Cookie through as its own header, and marks responses Vary: Origin", async () => {
    const testKey = await createTestKey();
    const response = await callGateway(
      "/v1/response-headers?Set-Cookie=a%3D1&Set-Cookie=b%3D2%3B%20Path%3D%2F%3B%20Expires%3DWed%2C%2021%20Oct%202037%2007%3A28%3A00%20GMT&Vary=Accept",
      { key: testKey.key },
    );
    expect(response.status).toBe(200);
    expect(response.headers.getSetCookie()).toEqual([
      "a=1",
      "b=2; Path=/; Expires=Wed, 21 Oct 2037 07:28:00 GMT",
    ]);
    expect(response.headers.get("Vary")).toBe("Accept, Origin");
  });

  it("passes upstream errors through unchanged, without the gateway error header", async () => {
    const testKey = await createTestKey();
    const response = await callGateway("/v1/status/418", { key: testKey.key });
    expect(response.status).toBe(418);
    expect(response.headers.get("X-Edgegate-Error")).toBeNull();
    expect(response.headers.get("X-RateLimit-Limit")).not.toBeNull();
  });
});

describe("gateway error codes", () => {
  it("UNAUTHORIZED without a key", async () => {
    await expectError(await callGateway("/v1/echo"), 401, "UNAUTHORIZED");
  });

  it("INVALID_KEY for a malformed key, before any lookup", async () => {
    const body = await expectError(
      await callGateway("/v1/echo", { key: "ak_notarealkey" }),
      401,
      "INVALID_KEY",
    );
    expect(body.error.message).toContain("length");
  });

  it("INVALID_KEY for a well-formed key nobody issued", async () => {
    const { generateApiKey } = await import("@edgegate/shared/api-key");
    await expectError(await callGateway("/v1/echo", { key: generateApiKey() }), 401, "INVALID_KEY");
  });

  it("KEY_DISABLED for disabled and revoked keys", async () => {
    const disabled = await createTestKey({ key: { enabled: false } });
    await expectError(await callGateway("/v1/echo", { key: disabled.key }), 401, "KEY_DISABLED");
    const revoked = await createTestKey({ key: { revokedAt: new Date() } });
    await expectError(await callGateway("/v1/echo", { key: revoked.key }), 401, "KEY_DISABLED");
  });

  it("KEY_EXPIRED against the clock, and after a rotation's grace period", async () => {
    const expired = await createTestKey({ key: { expiresAt: new Date(Date.now() - 1_000) } });
    await expectError(await callGateway("/v1/echo", { key: expired.key }), 401, "KEY_EXPIRED");

    const soon = await createTestKey({ key: { expiresAt: new Date(Date.now() + 1_500) } });
    expect((await callGateway("/v1/echo", { key: soon.key })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    // Same record, now cached in this isolate and KV: expiry is still checked on every request.
    await expectError(await callGateway("/v1/echo", { key: soon.key }), 401, "KEY_EXPIRED");

    const rotated = await createTestKey({ key: { graceExpiresAt: new Date(Date.now() - 1) } });
    await expectError(await callGateway("/v1/echo", { key: rotated.key }), 401, "KEY_EXPIRED");
  });

  it("FORBIDDEN when the scope for method:resource is missing", async () => {
    const testKey = await createTestKey({ key: { scopes: ["get:users", "*:orders"] } });
    expect((await callGateway("/v1/users/42", { key: testKey.key })).status).toBe(200);
    expect((await callGateway("/v1/orders/7", { key: testKey.key, method: "DELETE" })).status).toBe(200);
    const body = await expectError(
      await callGateway("/v1/users/42", { key: testKey.key, method: "POST", body: "{}" }),
      403,
      "FORBIDDEN",
    );
    expect(body.error.message).toContain("post:users");
    await expectError(await callGateway("/v1/invoices", { key: testKey.key }), 403, "FORBIDDEN");
  });

  it("IP_BLOCKED outside the allowlist, judged by CF-Connecting-IP only", async () => {
    const testKey = await createTestKey({ key: { ipAllowlist: ["198.51.100.0/24", "2001:db8::/32"] } });
    expect((await callGateway("/v1/echo", { key: testKey.key, ip: "198.51.100.20" })).status).toBe(200);
    expect((await callGateway("/v1/echo", { key: testKey.key, ip: "2001:db8::1" })).status).toBe(200);
    expect((await callGateway("/v1/echo", { key: testKey.key, ip: "::ffff:198.51.100.9" })).status).toBe(200);
    await expectError(
      await callGateway("/v1/echo", {
        key: testKey.key,
        ip: "203.0.113.1",
        headers: {
          "X-Forwarded-For": "198.51.100.20",
          "X-Real-IP": "198.51.100.20",
          "True-Client-IP": "198.51.100.20",
        },
      }),
      403,
      "IP_BLOCKED",
    );
    await expectError(await callGateway("/v1/echo", { key: testKey.key, ip: null }), 403, "IP_BLOCKED");
  });

  it("PAYLOAD_TOO_LARGE for declared and streamed oversized bodies", async () => {
    const testKey = await createTestKey();
    const overrides = { MAX_REQUEST_BODY_BYTES: "1024" };
    await expectError(
      await callGateway("/v1/echo", { method: "POST", key: testKey.key, body: "x".repeat(2048) }, overrides),
      413,
      "PAYLOAD_TOO_LARGE",
    );
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 4; i++) controller.enqueue(new Uint8Array(512));
        controller.close();
      },
    });
    await expectError(
      await callGateway(
        "/v1/echo",
        { method: "POST", key: testKey.key, body: chunks, duplex: "half" } as RequestInit,
        overrides,
      ),
      413,
      "PAYLOAD_TOO_LARGE",
    );
  });

  it("UPSTREAM_TIMEOUT when the upstream does not answer in time", async () => {
    const testKey = await createTestKey();
    await expectError(
      await callGateway("/v1/delay/3000", { key: testKey.key }, { UPSTREAM_TIMEOUT_MS: "300" }),
      504,
      "UPSTREAM_TIMEOUT",
    );
  });

  it("UPSTREAM_ERROR when the upstream refuses the connection", async () => {
    const testKey = await createTestKey();
    await expectError(
      await callGateway("/v1/echo", { key: testKey.key }, { UPSTREAM_URL: "http://127.0.0.1:9" }),
      502,
      "UPSTREAM_ERROR",
    );
  });

  it("BAD_REQUEST for a path that would escape the API", async () => {
    const testKey = await createTestKey();
    await expectError(await callGateway("/v1/a%2F..%2Fadmin", { key: testKey.key }), 400, "BAD_REQUEST");
  });
});

describe("revocation bound", () => {
  it("refuses a revoked key on the next request although KV and the isolate still cache it", async () => {
    const testKey = await createTestKey();
    expect((await callGateway("/v1/echo", { key: testKey.key })).status).toBe(200);
    expect(await env.KEY_CACHE.get(`key:${testKey.keyHash}`)).not.toBeNull();
    await updateTestKey(testKey, { revokedAt: new Date() });
    // The very next request is refused: no cache TTL has to pass.
    await expectError(await callGateway("/v1/echo", { key: testKey.key }), 401, "KEY_DISABLED");
  });

  it("applies changed scopes immediately", async () => {
    const testKey = await createTestKey();
    expect((await callGateway("/v1/users", { key: testKey.key })).status).toBe(200);
    await updateTestKey(testKey, { scopes: ["get:orders"] });
    await expectError(await callGateway("/v1/users", { key: testKey.key }), 403, "FORBIDDEN");
  });
});
