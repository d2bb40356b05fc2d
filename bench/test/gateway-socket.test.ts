// The gateway over a real socket: raw HTTP/1.1 to the gateway Worker on workerd (the benchmark
// harness, as bench/test/raw-http.test.ts), so the runtime's own HTTP parsing comes first, unlike
// the fetch-handler tests inside workerd. Three parts: the hop-by-hop promise (headers named in
// `Connection` never reach the upstream), the whole hostile-input matrix, and issue 13's burst
// against limit 5 with Redis answering, 500 ms late, and down.
import { connect } from "node:net";
import { type EchoBody, hostileCases } from "@edgegate/gateway-worker/test/hostile-cases";
import { withinOneWindow } from "@edgegate/gateway-worker/test/window";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CreatedKey, type Harness, startHarness, type WorkerInstance } from "../src/harness.ts";

let harness: Harness;
let gateway: WorkerInstance;
let matrixKey: CreatedKey;

beforeAll(async () => {
  harness = await startHarness();
  gateway = await harness.startWorker("gateway");
  matrixKey = await harness.createKey({
    perMinute: 100_000,
    burst: 100_000,
    ipAllowlist: ["203.0.113.0/24"],
  });
});

afterAll(async () => {
  await harness?.close();
});

interface RawRequest {
  method?: string;
  path: string;
  headers: [string, string][];
}

/** One request on its own connection (`Connection: close` unless the request names its own). */
function sendRaw(url: string, request: RawRequest): Promise<Buffer> {
  const { port } = new URL(url);
  const headers: [string, string][] = [["Host", "127.0.0.1"], ...request.headers];
  if (!headers.some(([name]) => name.toLowerCase() === "connection")) headers.push(["Connection", "close"]);
  const head = `${request.method ?? "GET"} ${request.path} HTTP/1.1\r\n${headers
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join("")}\r\n`;
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), "127.0.0.1");
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(new Error("no answer within 15 s")), 15_000);
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
    socket.write(head, "latin1");
  });
}

/** The raw answer as a standard Response (Content-Length or chunked body). */
function parseResponse(raw: Buffer): Response {
  const headEnd = raw.indexOf("\r\n\r\n");
  const [statusLine = "", ...lines] = raw.subarray(0, headEnd).toString("latin1").split("\r\n");
  const status = Number(statusLine.split(" ")[1]);
  const headers = new Headers();
  for (const line of lines) {
    const colon = line.indexOf(":");
    headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  let body = raw.subarray(headEnd + 4);
  if (headers.get("transfer-encoding")?.includes("chunked")) {
    const parts: Buffer[] = [];
    let rest = body;
    for (;;) {
      const lineEnd = rest.indexOf("\r\n");
      const size = Number.parseInt(rest.subarray(0, lineEnd).toString("latin1"), 16);
      if (!size) break;
      parts.push(rest.subarray(lineEnd + 2, lineEnd + 2 + size));
      rest = rest.subarray(lineEnd + 2 + size + 2);
    }
    body = Buffer.concat(parts);
  }
  const empty = status === 204 || status === 304 || status < 200;
  return new Response(empty ? null : new Uint8Array(body), { status, headers });
}

async function request(url: string, raw: RawRequest): Promise<Response> {
  return parseResponse(await sendRaw(url, raw));
}

describe("hop-by-hop headers over a real socket", () => {
  it("Connection: close, X-Probe-Secret: the named header and the fixed hop-by-hop set never reach the upstream", async () => {
    const response = await request(gateway.url, {
      path: "/v1/echo",
      headers: [
        ["X-API-Key", matrixKey.key],
        ["CF-Connecting-IP", "203.0.113.5"],
        ["Connection", "close, X-Probe-Secret"],
        ["X-Probe-Secret", "s3cr3t"],
        ["Keep-Alive", "timeout=5"],
        ["TE", "trailers"],
        ["Proxy-Authorization", "Basic eDp5"],
        ["X-Kept", "yes"],
      ],
    });
    expect(response.status).toBe(200);
    const echo = (await response.json()) as EchoBody;
    expect(echo.headers["x-probe-secret"]).toBeUndefined();
    for (const name of ["connection", "keep-alive", "te", "proxy-authorization"])
      expect(echo.headers[name], name).toBeUndefined();
    expect(echo.headers["x-kept"]).toBe("yes");
  });
});

describe("the hostile-input matrix over a real socket", () => {
  it.each(hostileCases({ key: "ak_placeholder", keyId: "", organizationId: "" }).map((c) => c.name))(
    "%s",
    async (name) => {
      const testCase = hostileCases(matrixKey).find((c) => c.name === name);
      if (!testCase) throw new Error(`no case ${name}`);
      const init = testCase.init ?? {};
      const headers: [string, string][] = [];
      if (init.key) headers.push(["Authorization", `Bearer ${init.key}`]);
      if (init.ip !== null) headers.push(["CF-Connecting-IP", init.ip ?? "203.0.113.5"]);
      for (const [header, value] of Object.entries(init.headers ?? {})) headers.push([header, value]);
      const response = await request(gateway.url, {
        method: init.method ?? "GET",
        path: testCase.path ?? "/v1/echo",
        headers,
      });
      const expected = testCase.overSocket ?? testCase;
      expect(response.status).toBe(expected.status);
      if (expected.code) {
        const body = (await response.clone().json()) as { error: { code: string } };
        expect(body.error.code).toBe(expected.code);
      }
      expect(await response.clone().text()).not.toContain(matrixKey.key);
      await testCase.check?.(response);
    },
  );
});

describe("a burst against limit 5 over a real socket", () => {
  const LIMIT = 5;
  const rows: string[] = [];
  const modes = [
    ["normal", {}],
    ["slow", { slowRedis: true }],
    ["down", { redisDown: true }],
  ] as const;

  describe.each(modes)("Redis %s", (mode, options) => {
    let worker: WorkerInstance;
    beforeAll(async () => {
      worker = mode === "normal" ? gateway : await harness.startWorker("gateway", options);
    });
    afterAll(async () => {
      if (worker !== gateway) await worker?.dispose();
    });

    it.each([
      [10, "fresh"],
      [60, "fresh"],
      [200, "fresh"],
      [60, "warm"],
    ] as const)(
      "%i concurrent requests on a %s key: at most 5 allowed, never a 5xx",
      async (count, warmth) => {
        const { key } = await harness.createKey({
          perMinute: LIMIT,
          burst: 100,
          ipAllowlist: ["203.0.113.0/24"],
        });
        const call = (ip = "203.0.113.5") =>
          request(worker.url, {
            path: "/v1/echo",
            headers: [
              ["X-API-Key", key],
              ["CF-Connecting-IP", ip],
            ],
          });
        // "Fresh" is about the limiter. A request from outside the allowlist loads the key record
        // into the isolate (refused at step 5, before the limiter), so the burst's requests do not
        // each make a first Postgres lookup of their own.
        expect((await call("198.51.100.1")).status).toBe(403);
        await withinOneWindow(8_000);
        const warmUp = warmth === "warm" ? [await call()] : [];
        const burst = await Promise.all(Array.from({ length: count }, () => call()));
        const responses = [...warmUp, ...burst];
        const allowed = responses.filter((r) => r.status === 200);
        const local = responses.filter((r) => r.headers.get("X-RateLimit-Remaining") === null);
        const other = responses.filter((r) => r.status !== 200 && r.status !== 429).map((r) => r.status);
        rows.push(
          `| ${mode} | ${warmth} | ${count} | ${allowed.length} | ${local.length} | ${allowed.filter((r) => local.includes(r)).length} |`,
        );
        expect(other).toEqual([]);
        expect(allowed.length).toBeLessThanOrEqual(LIMIT);
        // As in gateway-worker/test/gateway-burst.test.ts: exact when Redis answered every request,
        // and when Redis is down.
        if (local.length === 0 || mode === "down") expect(allowed.length).toBe(LIMIT);
      },
    );
  });

  afterAll(() => {
    console.log(
      [
        "| Redis | key | concurrent | allowed | decided without Redis | allowed without Redis |",
        ...rows,
      ].join("\n"),
    );
  });
});
