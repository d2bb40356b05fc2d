// The demo upstream over real HTTP with the global fetch: every route, bad input, and shutdown with
// connections still open.
import { Agent, request } from "node:http";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type DemoUpstream, startDemoUpstream } from "../src/demo-upstream.ts";

let upstream: DemoUpstream;
beforeAll(async () => {
  upstream = await startDemoUpstream();
});
afterAll(async () => upstream?.close());

const get = (path: string, init?: RequestInit) => fetch(upstream.url + path, init);
/** The echo's shape; the other routes' small JSON bodies are checked with toEqual/toMatchObject. */
interface Echo {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  body: string;
  bodyEncoding: "utf8" | "base64";
  bodyBytes: number;
  error?: string;
}
const json = async (path: string, init?: RequestInit) => {
  const res = await get(path, init);
  return { status: res.status, body: (await res.json()) as Echo };
};
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

describe("echo", () => {
  it("reports method, raw path, query (repeats as arrays) and lower-cased headers", async () => {
    const { status, body } = await json("/echo?a=1&a=2&b=&__proto__=x&sp=a%20b", {
      headers: { "X-Trace": "T1" },
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      method: "GET",
      path: "/echo",
      body: "",
      bodyBytes: 0,
      bodyEncoding: "utf8",
    });
    // Entries, because `__proto__` in an object literal would set the prototype instead of a key.
    expect(Object.entries(body.query)).toEqual([
      ["a", ["1", "2"]],
      ["b", ""],
      ["__proto__", "x"],
      ["sp", "a b"],
    ]);
    expect(body.headers["x-trace"]).toBe("T1");
    expect(body.headers.host).toBe(new URL(upstream.url).host);
  });

  it("echoes a JSON body as text and counts its bytes", async () => {
    const payload = JSON.stringify({ name: "zoë", n: [1, 2] });
    const { body } = await json("/echo", {
      method: "POST",
      body: payload,
      headers: { "content-type": "application/json" },
    });
    expect(body).toMatchObject({ method: "POST", body: payload, bodyEncoding: "utf8" });
    expect(body.bodyBytes).toBe(Buffer.byteLength(payload));
    expect(body.headers["content-type"]).toBe("application/json");
  });

  it("base64-encodes a body that is not valid UTF-8", async () => {
    const bytes = new Uint8Array([0, 255, 254, 128, 10]);
    const { body } = await json("/echo", { method: "PUT", body: bytes });
    expect(body).toMatchObject({ method: "PUT", bodyEncoding: "base64", bodyBytes: 5 });
    expect(Buffer.from(body.body, "base64")).toEqual(Buffer.from(bytes));
  });

  it("echoes a chunked (streamed) upload in full", async () => {
    const parts = ["a".repeat(70_000), "b".repeat(5)];
    const stream = new ReadableStream({
      start(controller) {
        for (const part of parts) controller.enqueue(new TextEncoder().encode(part));
        controller.close();
      },
    });
    const { body } = await json("/echo", { method: "POST", body: stream, duplex: "half" } as RequestInit);
    expect(body.headers["transfer-encoding"]).toBe("chunked");
    expect(body.bodyBytes).toBe(70_005);
    expect(body.body).toBe(parts.join(""));
  });

  it("serves /v1/... like the root and echoes any unknown path", async () => {
    expect((await json("/v1/echo?x=1")).body).toMatchObject({ path: "/v1/echo", query: { x: "1" } });
    expect((await json("/v1/users/42", { method: "DELETE" })).body).toMatchObject({
      method: "DELETE",
      path: "/v1/users/42",
    });
    expect((await json("/v1/health")).body).toEqual({ ok: true });
    expect((await json("/v1")).body).toMatchObject({ path: "/v1" });
    // Deeper than a fixed route is just another API path.
    expect((await json("/health/deep")).body).toMatchObject({ path: "/health/deep" });
    expect((await json("/v1/status/418")).status).toBe(418);
  });
});

describe("/status/:code", () => {
  it.each([200, 201, 302, 404, 418, 500, 503, 599])("answers %i with a small JSON body", async (code) => {
    const res = await get(`/status/${code}`, { redirect: "manual" });
    expect(res.status).toBe(code);
    expect(await res.json()).toMatchObject({ status: code });
  });

  it("sends no body for 204 and 304", async () => {
    for (const code of [204, 304]) {
      const res = await get(`/status/${code}`);
      expect(res.status).toBe(code);
      expect(await res.text()).toBe("");
    }
  });

  it("sends 100/102/103 as interim responses before a 200", async () => {
    const { status, body } = await json("/status/103");
    expect(status).toBe(200);
    expect(body).toEqual({ status: 200, informational: 103 });
  });

  it.each(["abc", "99", "600", "2000", "20", "-200", "2e2", "", "101"])(
    "rejects %j with 400",
    async (code) => {
      const { status, body } = await json(`/status/${code}`);
      expect(status).toBe(400);
      expect(typeof body.error).toBe("string");
    },
  );
});

describe("/delay/:ms", () => {
  it("waits at least the delay, then echoes the request", async () => {
    const started = performance.now();
    const { status, body } = await json("/v1/delay/250?q=1", { method: "POST", body: "late" });
    // Timers run on millisecond-rounded clocks, so allow a couple of ms of rounding.
    expect(performance.now() - started).toBeGreaterThanOrEqual(248);
    expect(status).toBe(200);
    expect(body).toMatchObject({ method: "POST", path: "/v1/delay/250", query: { q: "1" }, body: "late" });
  });

  it.each(["-1", "abc", "1.5", "30001", "99999999999"])("rejects %j with 400", async (ms) => {
    expect((await json(`/delay/${ms}`)).status).toBe(400);
  });

  it("clears its timer when the client disconnects", async () => {
    // The server runs in this process, so the global timer functions it calls can be watched.
    const set = vi.spyOn(globalThis, "setTimeout");
    const clear = vi.spyOn(globalThis, "clearTimeout");
    try {
      const abort = new AbortController();
      const pending = get("/delay/30000", { signal: abort.signal });
      // The delay's own timer: fetch's connection timers use other durations.
      const isDelay = ([, ms]: unknown[]) => typeof ms === "number" && ms > 29_000 && ms <= 30_000;
      await vi.waitFor(() => expect(set.mock.calls.some(isDelay)).toBe(true));
      const index = set.mock.calls.findIndex(isDelay);
      const timer = set.mock.results[index]?.value;
      abort.abort();
      await expect(pending).rejects.toThrow(/abort/i);
      await vi.waitFor(() => expect(clear).toHaveBeenCalledWith(timer));
    } finally {
      set.mockRestore();
      clear.mockRestore();
    }
  });
});

describe("/bytes/:n", () => {
  it.each([0, 1, 1000, 3 * 1024 * 1024 + 7])(
    "sends exactly %i deterministic bytes with Content-Length",
    async (n) => {
      const res = await get(`/bytes/${n}`);
      expect(res.headers.get("content-length")).toBe(String(n));
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(bytes.length).toBe(n);
      if (n > 0) expect(bytes.subarray(-Math.min(n, 200)).toString("latin1")).toBe(expectedTail(n, 200));
    },
  );

  it.each(["-5", "1.5", "1e3", "0x10", "104857601", "x"])("rejects %j with 400", async (n) => {
    expect((await json(`/bytes/${n}`)).status).toBe(400);
  });
});

function expectedTail(n: number, length: number): string {
  let out = "";
  for (let i = Math.max(0, n - length); i < n; i++) out += ALPHABET[i % 64];
  return out;
}

describe("/stream/:n and /drip", () => {
  it("streams n chunks over time with chunked encoding", async () => {
    const started = performance.now();
    const res = await get("/stream/5?chunkBytes=100&intervalMs=60");
    expect(res.headers.get("transfer-encoding")).toBe("chunked");
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const arrivals: number[] = [];
    let total = 0;
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      arrivals.push(performance.now() - started);
      total += read.value.length;
    }
    expect(total).toBe(500);
    expect(arrivals.length).toBeGreaterThan(2);
    expect((arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0)).toBeGreaterThanOrEqual(4 * 60 - 10);
  });

  it("stops streaming when the client cancels", async () => {
    const res = await get("/stream/1000?chunkBytes=10&intervalMs=20");
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    expect((await reader.read()).done).toBe(false);
    await reader.cancel();
    expect((await json("/health")).body).toEqual({ ok: true });
  });

  it.each([
    "/stream/x",
    "/stream/10001",
    "/stream/3?chunkBytes=0",
    "/stream/3?chunkBytes=65537",
    "/stream/3?intervalMs=-1",
    "/stream/10000?intervalMs=1000",
    "/drip?bytes=abc",
    "/drip?durationMs=1.5",
  ])("rejects %s with 400", async (path) => {
    expect((await json(path)).status).toBe(400);
  });

  it("drips bytes over the requested duration with a Content-Length", async () => {
    const started = performance.now();
    const res = await get("/drip?bytes=5&durationMs=200");
    expect(res.headers.get("content-length")).toBe("5");
    expect((await res.arrayBuffer()).byteLength).toBe(5);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
  });
});

describe("broken upstreams", () => {
  it.each(["", "?mode=close"])("/reset%s: headers arrive, then the body read fails", async (query) => {
    const res = await get(`/reset${query}`);
    expect(res.status).toBe(200);
    await expect(res.arrayBuffer()).rejects.toThrow();
  });

  it("/hang never answers until the client aborts", async () => {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), 150);
    const started = performance.now();
    await expect(get("/hang", { signal: abort.signal })).rejects.toThrow(/abort/i);
    clearTimeout(timer);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    await expect(get("/hang", { signal: AbortSignal.timeout(50) })).rejects.toThrow(/timeout|abort/i);
  });
});

describe("headers", () => {
  it("/headers echoes only the request headers", async () => {
    const { body } = await json("/headers", { headers: { "X-One": "1", Authorization: "Bearer t" } });
    expect(Object.keys(body)).toEqual(["headers"]);
    expect(body.headers).toMatchObject({ "x-one": "1", authorization: "Bearer t" });
  });

  it("/response-headers sets the requested headers, repeats included", async () => {
    const res = await get(
      "/response-headers?X-Foo=bar&X-Multi=1&X-Multi=2&Connection=X-Foo&Keep-Alive=timeout%3D5",
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("x-foo")).toBe("bar");
    expect(res.headers.get("x-multi")).toBe("1, 2");
    expect(await res.json()).toEqual({
      "X-Foo": "bar",
      "X-Multi": ["1", "2"],
      Connection: "X-Foo",
      "Keep-Alive": "timeout=5",
    });
  });

  it.each([
    "Bad%20Name=1",
    "X-Bad=a%0D%0AInjected:%201",
    "X-Nul=a%00b",
    "=empty-name",
    "Content-Length=5",
    "Transfer-Encoding=gzip",
  ])("/response-headers?%s is a 400", async (query) => {
    const res = await get(`/response-headers?${query}`);
    expect(res.status).toBe(400);
    expect(res.headers.get("injected")).toBeNull();
  });

  it("/health", async () => {
    expect(await json("/health")).toEqual({ status: 200, body: { ok: true } });
  });

  it("/openapi.json describes operations that answer as described", async () => {
    const { status, body } = await json("/v1/openapi.json");
    expect(status).toBe(200);
    const document = body as unknown as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths)).toEqual([
      "/echo",
      "/headers",
      "/status/{code}",
      "/delay/{ms}",
      "/bytes/{n}",
    ]);
    expect((await json("/v1/echo?hello=world")).body).toMatchObject({
      method: "GET",
      query: { hello: "world" },
    });
    expect((await json("/v1/status/418")).body).toEqual({ status: 418, statusText: "I'm a Teapot" });
    expect((await get("/v1/bytes/16")).headers.get("content-length")).toBe("16");
  });
});

describe("limits and connections", () => {
  it("413s a body over 64 MiB, declared or streamed", async () => {
    const big = new Uint8Array(64 * 1024 * 1024 + 1);
    expect((await json("/echo", { method: "POST", body: big })).status).toBe(413);
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 65; i++) controller.enqueue(new Uint8Array(1024 * 1024));
        controller.close();
      },
    });
    const res = await get("/v1/anything", { method: "POST", body: stream, duplex: "half" } as RequestInit);
    expect(res.status).toBe(413);
    expect((await json("/health")).status).toBe(200);
  });

  it("keeps connections alive and counts requests", async () => {
    const before = upstream.stats().requests;
    const agent = new Agent({ keepAlive: true });
    const reused: boolean[] = [];
    for (let i = 0; i < 3; i++) {
      await new Promise<void>((resolve, reject) => {
        const req = request(`${upstream.url}/echo`, { agent }, (res) => {
          reused.push(req.reusedSocket);
          res.resume().on("end", resolve);
        });
        req.on("error", reject).end();
      });
    }
    agent.destroy();
    expect(reused).toEqual([false, true, true]);
    expect(upstream.stats().requests).toBe(before + 3);
  });

  it("close() resolves promptly with hanging, streaming and idle connections open", async () => {
    const own = await startDemoUpstream();
    const hanging = fetch(`${own.url}/hang`).catch((error: unknown) => error);
    const streaming = await fetch(`${own.url}/stream/100?intervalMs=1000`);
    const delayed = fetch(`${own.url}/delay/30000`).catch((error: unknown) => error);
    await fetch(`${own.url}/health`).then((res) => res.text()); // leaves an idle keep-alive socket
    await vi.waitFor(() => expect(own.stats().requests).toBe(4));
    const started = performance.now();
    await own.close();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await hanging).toBeInstanceOf(Error);
    expect(await delayed).toBeInstanceOf(Error);
    await expect(streaming.arrayBuffer()).rejects.toThrow();
    await expect(fetch(`${own.url}/health`)).rejects.toThrow();
  });
});
