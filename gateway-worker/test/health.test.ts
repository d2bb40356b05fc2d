// The health endpoint exercises every real chain from inside workerd: neon() over HTTP and the
// WebSocket Pool through the local Neon endpoints to Postgres, @upstash/redis through the bridge
// to Redis, KV, and the request-logs queue through to its consumer.
import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../src/index.ts";

async function callWorker(path: string, overrides: Partial<Env> = {}): Promise<Response> {
  const ctx = { waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext;
  return worker.fetch(new Request(`http://gateway.test${path}`), { ...env, ...overrides }, ctx);
}

describe("GET /api/health", () => {
  it("reports every dependency up with its latency", async () => {
    const response = await exports.default.fetch("http://gateway.test/api/health");
    const body = (await response.json()) as {
      status: string;
      checks: Record<string, { status: string; latencyMs: number }>;
    };
    expect(body.checks).toMatchObject({
      postgresHttp: { status: "up" },
      postgresWebSocket: { status: "up" },
      redis: { status: "up" },
      kv: { status: "up" },
      queue: { status: "up" },
    });
    for (const check of Object.values(body.checks)) expect(check.latencyMs).toBeGreaterThanOrEqual(0);
    expect(response.status).toBe(200);
    expect(body.status).toBe("up");
    expect(response.headers.get("X-Request-ID")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
  });

  it("answers 503 naming the dependency that is down", async () => {
    const response = await callWorker("/api/health", {
      UPSTASH_REDIS_REST_TOKEN: "wrong-token",
      DATABASE_URL: "postgres://postgres@127.0.0.1:5432/database_that_does_not_exist",
    });
    expect(response.status).toBe(503);
    const body = (await response.json()) as {
      status: string;
      checks: Record<string, { status: string; error?: string }>;
    };
    expect(body.status).toBe("down");
    expect(body.checks.redis?.status).toBe("down");
    expect(body.checks.postgresHttp?.status).toBe("down");
    expect(body.checks.postgresWebSocket?.status).toBe("down");
    expect(body.checks.postgresHttp?.error).toMatch(/database_that_does_not_exist/);
    expect(body.checks.kv?.status).toBe("up");
  });

  it("refuses to run with invalid configuration, without leaking it to callers", async () => {
    const response = await callWorker("/api/health", { UPSTREAM_URL: "not a url", REDIS_TIMEOUT_MS: "-5" });
    expect(response.status).toBe(503);
    const body = (await response.json()) as { error: { code: string; message: string; requestId: string } };
    expect(body.error.code).toBe("SERVICE_UNAVAILABLE");
    expect(body.error.message).not.toMatch(/UPSTREAM_URL/);
    expect(body.error.requestId).toBe(response.headers.get("X-Request-ID"));
  });
});

describe("request-logs queue", () => {
  it("delivers a message from the producer binding to the consumer", async () => {
    const id = crypto.randomUUID();
    await env.REQUEST_LOGS.send({ type: "probe", id, sentAt: Date.now() });
    let mark: string | null = null;
    for (let attempt = 0; attempt < 100 && mark === null; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      mark = await env.KEY_CACHE.get(`probe:${id}`);
    }
    expect(mark).not.toBeNull();
  });
});

describe("unknown routes", () => {
  it("answer the error envelope with a request id", async () => {
    const response = await exports.default.fetch("http://gateway.test/api/nope");
    expect(response.status).toBe(404);
    const body = (await response.json()) as { error: { code: string; requestId: string; docs: string } };
    expect(body.error.code).toBe("NOT_FOUND");
    expect(body.error.requestId).toBe(response.headers.get("X-Request-ID"));
    expect(body.error.docs).toMatch(/^https:\/\//);
  });
});
