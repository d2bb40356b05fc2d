// Group commit across requests (gateway-worker/src/services/upstash-group-commit.ts), on workerd
// over real sockets: every request here is its own request context in one isolate, so a batch's
// REST call is made by one request and its replies reach the others — the case workerd's rule
// against using another request's I/O is about. REST calls are counted at the Upstash bridge.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withinOneWindow } from "../../gateway-worker/test/window.ts";
import { type Harness, startHarness, type WorkerInstance } from "../src/harness.ts";

let harness: Harness;
let gateway: WorkerInstance;
const IP = "203.0.113.5";

beforeAll(async () => {
  harness = await startHarness();
  // A generous Redis timeout: these tests are about counting, and a loaded test machine must not
  // turn a slow answer into a fail-open (which has its own tests).
  gateway = await harness.startWorker("gateway", { vars: { REDIS_TIMEOUT_MS: "2000" } });
});

afterAll(async () => {
  await harness?.close();
});

async function keyWithLimit(perMinute: number): Promise<string> {
  const { key } = await harness.createKey({ perMinute, burst: 10_000, ipAllowlist: ["203.0.113.0/24"] });
  // Refused before the limiter (outside the allowlist), this loads the key record into the
  // isolate, so the burst below makes no Postgres lookups of its own.
  const refused = await call(key, "198.51.100.1");
  expect(refused.status).toBe(403);
  return key;
}

function call(key: string, ip = IP, signal?: AbortSignal): Promise<Response> {
  return fetch(`${gateway.url}/v1/echo`, { headers: { "X-API-Key": key, "CF-Connecting-IP": ip }, signal });
}

async function bridgeCalls<T>(run: () => Promise<T>): Promise<{ result: T; calls: number }> {
  const before = (await harness.stats()).bridge?.requests ?? 0;
  const result = await run();
  // The requests' background work (the quota EXPIRE) may still be on its way.
  await new Promise((resolve) => setTimeout(resolve, 300));
  return { result, calls: ((await harness.stats()).bridge?.requests ?? 0) - before };
}

describe("group commit across requests, over real sockets", () => {
  it("64 concurrent requests against limit 20: exactly 20 admitted, each on its own Redis verdict, in fewer REST calls than requests", async () => {
    const LIMIT = 20;
    const COUNT = 64;
    const key = await keyWithLimit(LIMIT);
    await withinOneWindow(8_000);
    const { result: responses, calls } = await bridgeCalls(() =>
      Promise.all(Array.from({ length: COUNT }, () => call(key))),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(LIMIT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(COUNT - LIMIT);
    // Every request was decided by Redis (none failed open), and each admitted one saw its own
    // place in the window: 19, 18, …, 0 once each.
    const remaining = responses.map((r) => r.headers.get("X-RateLimit-Remaining"));
    expect(remaining.filter((value) => value === null)).toEqual([]);
    expect(
      responses
        .filter((r) => r.status === 200)
        .map((r) => Number(r.headers.get("X-RateLimit-Remaining")))
        .sort((a, b) => a - b),
    ).toEqual(Array.from({ length: LIMIT }, (_, i) => i));
    // One round per request without group commit (plus the refusals' give-backs); shared here.
    expect(calls).toBeLessThan(COUNT / 2);
  });

  it("clients that hang up while their batch is in flight do not strand the others", async () => {
    // Redis answering 500 ms late keeps every batch in flight long enough to hang up inside it.
    const slow = await harness.startWorker("gateway", {
      slowRedis: true,
      vars: { REDIS_TIMEOUT_MS: "2000" },
    });
    try {
      const key = await keyWithLimit(100_000);
      const send = (signal?: AbortSignal) =>
        fetch(`${slow.url}/v1/echo`, { headers: { "X-API-Key": key, "CF-Connecting-IP": IP }, signal });
      // The key's record is this isolate's now (keyWithLimit warmed the other Worker's).
      expect((await send()).status).toBe(200);
      const hangUps = Array.from({ length: 24 }, () => new AbortController());
      const requests = hangUps.flatMap((controller) => [send(controller.signal).catch(() => null), send()]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      for (const controller of hangUps) controller.abort();
      const answered = (await Promise.all(requests)).filter((r): r is Response => r !== null);
      expect(answered.length).toBeGreaterThanOrEqual(24);
      expect(answered.map((r) => r.status)).toEqual(answered.map(() => 200));
      expect(answered.filter((r) => r.headers.get("X-RateLimit-Remaining") === null)).toEqual([]);
      // And the isolate's group commit is not wedged: the next burst is decided by Redis too.
      const next = await Promise.all(Array.from({ length: 16 }, () => send()));
      expect(next.filter((r) => r.status !== 200 || r.headers.get("X-RateLimit-Remaining") === null)).toEqual(
        [],
      );
    } finally {
      await slow.dispose();
    }
  });
});
