// A cold key's stampede (gateway-worker/src/services/key-store.ts, single flight): N concurrent
// first requests for a key no cache holds make ONE Postgres lookup, on workerd over real sockets,
// where every request is its own request context in one isolate. Lookups are counted at a proxy
// in front of the local Neon HTTP endpoint that the test can also make slow or failing.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness, type WorkerInstance } from "../src/harness.ts";

let harness: Harness;
let gateway: WorkerInstance;
let proxy: Server;
/** What the proxy does with the next lookups: pass them on (late), or answer 500 itself. */
const neon = { queries: 0, delayMs: 300, fail: false };

beforeAll(async () => {
  harness = await startHarness();
  const target = `http://${harness.hosts.neonHttp}`;
  proxy = createServer(async (req, res) => {
    neon.queries++;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    // Late, so that every request of a burst arrives while the first one's lookup is in flight.
    await new Promise((resolve) => setTimeout(resolve, neon.delayMs));
    if (neon.fail) {
      res.writeHead(500, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ message: "the database is away", code: "57P01" }));
      return;
    }
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
    );
    const upstream = await fetch(`${target}${req.url}`, {
      method: req.method,
      headers,
      body: Buffer.concat(chunks),
    });
    res.writeHead(upstream.status, {
      "Content-Type": upstream.headers.get("Content-Type") ?? "application/json",
    });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const { port } = proxy.address() as AddressInfo;
  // The request-logs queue is a no-op in this variant, so the key lookups are the only queries.
  gateway = await harness.startWorker("no-queue", {
    vars: { NEON_LOCAL_HTTP_ENDPOINT: `http://127.0.0.1:${port}/sql`, REDIS_TIMEOUT_MS: "2000" },
  });
});

afterAll(async () => {
  await harness?.close();
  await new Promise((resolve) => proxy?.close(resolve));
});

function burst(key: string, count: number): Promise<Response[]> {
  return Promise.all(
    Array.from({ length: count }, () =>
      fetch(`${gateway.url}/v1/echo`, { headers: { "X-API-Key": key, "CF-Connecting-IP": "203.0.113.5" } }),
    ),
  );
}

describe("a cold key's concurrent first requests", () => {
  it("32 concurrent requests for a key no cache holds make one Postgres lookup, and all are served", async () => {
    const { key } = await harness.createKey({ perMinute: 100_000, burst: 100_000 });
    neon.queries = 0;
    const responses = await burst(key, 32);
    expect(responses.map((r) => r.status)).toEqual(responses.map(() => 200));
    expect(neon.queries).toBe(1);
    // Cached now: the next burst makes none.
    const again = await burst(key, 8);
    expect(again.map((r) => r.status)).toEqual(again.map(() => 200));
    expect(neon.queries).toBe(1);
  });

  it("a failed lookup fails only the requests that shared it: the next request looks up afresh", async () => {
    const { key } = await harness.createKey({ perMinute: 100_000, burst: 100_000 });
    neon.queries = 0;
    neon.fail = true;
    let failed: Response[];
    try {
      failed = await burst(key, 16);
    } finally {
      neon.fail = false;
    }
    expect(failed.map((r) => r.status)).toEqual(failed.map(() => 503));
    const body = (await failed[0]?.json()) as { error: { code: string } };
    expect(body.error.code).toBe("SERVICE_UNAVAILABLE");
    expect(neon.queries).toBe(1);
    // Nothing of the failure was kept: Postgres answers again and so does the key.
    const recovered = await burst(key, 4);
    expect(recovered.map((r) => r.status)).toEqual(recovered.map(() => 200));
    expect(neon.queries).toBe(2);
  });
});
