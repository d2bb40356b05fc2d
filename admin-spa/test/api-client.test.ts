// apiFetch against a real local HTTP server: envelopes become ApiRequestError, data comes back typed.
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ERROR_CODES, type ErrorEnvelope, errorDocsUrl } from "@edgegate/shared/errors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiRequestError, createApiClient, parseErrorEnvelope, unwrap } from "../src/api/client.ts";
import { shouldRetry } from "../src/queries/client.ts";
import { fetchHealth, type HealthReport } from "../src/queries/health.ts";

// The test server's routes are not in the OpenAPI document, so they are called through the real
// client (openapi-fetch over the transport, then unwrap) with its path typing loosened.
type LooseCall = (
  path: string,
  init?: { body?: unknown; signal?: AbortSignal },
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
type LooseClient = Record<"GET" | "POST" | "DELETE", LooseCall>;
type CallApi = <T = unknown>(
  path: string,
  options?: {
    method?: "GET" | "POST" | "DELETE";
    json?: unknown;
    signal?: AbortSignal;
    acceptStatuses?: number[];
  },
) => Promise<T>;

function createCallApi(config: Parameters<typeof createApiClient>[0]): CallApi {
  const client = createApiClient(config) as unknown as LooseClient;
  return async <T>(path: string, options: Parameters<CallApi>[1] = {}) => {
    const { method = "GET", json, signal, acceptStatuses } = options;
    const call = client[method](path.replace(/^\/api/, ""), {
      ...(json === undefined ? {} : { body: json }),
      ...(signal ? { signal } : {}),
    });
    return (await unwrap(call, acceptStatuses ? { acceptStatuses } : {})) as T;
  };
}

const REQUEST_ID = "0190f5d2-7b1e-7cc0-9d1a-2b3c4d5e6f70";

const healthDown: HealthReport = {
  status: "down",
  checks: {
    postgresHttp: { status: "up", latencyMs: 4 },
    postgresWebSocket: { status: "up", latencyMs: 6 },
    redis: { status: "down", latencyMs: 3000, error: "no answer within 3000 ms" },
    kv: { status: "up", latencyMs: 1 },
    queue: { status: "up", latencyMs: 2 },
  },
};

function envelope(
  code: keyof typeof ERROR_CODES,
  extra: Partial<ErrorEnvelope["error"]> = {},
): ErrorEnvelope {
  return {
    error: {
      code,
      message: ERROR_CODES[code].message,
      requestId: REQUEST_ID,
      docs: errorDocsUrl(code),
      ...extra,
    },
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "Content-Type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

let server: Server;
let api: CallApi;
let baseUrl: string;

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    switch (url.pathname) {
      case "/api/ok":
        return sendJson(res, 200, { keys: [{ id: "key_1" }] });
      case "/api/echo":
        return sendJson(res, 200, {
          method: req.method,
          contentType: req.headers["content-type"] ?? null,
          accept: req.headers.accept ?? null,
          body: await readBody(req),
        });
      case "/api/empty":
        res.writeHead(204).end();
        return;
      case "/api/validation":
        return sendJson(
          res,
          400,
          envelope("VALIDATION_FAILED", {
            fields: [
              { path: "name", message: "Required" },
              { path: "scopes.0", message: "Unknown scope" },
            ],
          }),
          { "X-Request-ID": REQUEST_ID },
        );
      case "/api/rate-limited":
        return sendJson(res, 429, envelope("RATE_LIMITED"), { "Retry-After": "12" });
      case "/api/envelope-without-request-id":
        return sendJson(
          res,
          404,
          { error: { code: "NOT_FOUND", message: "Key not found." } },
          {
            "X-Request-ID": "from-header",
          },
        );
      case "/api/future-code":
        return sendJson(res, 418, {
          error: { code: "TEAPOT", message: "A newer server's code.", requestId: "r1" },
        });
      case "/api/html-502":
        res.writeHead(502, "Bad Gateway", { "Content-Type": "text/html", "X-Request-ID": "edge-1" });
        res.end("<html><body>502 Bad Gateway</body></html>");
        return;
      case "/api/bad-json":
        res.writeHead(200, { "Content-Type": "application/json" });
        res.end("{not json");
        return;
      case "/api/ok-with-error-field":
        // A successful resource that happens to have an `error` member is data, not a failure.
        return sendJson(res, 200, { id: "dlv_1", error: { code: "UPSTREAM_TIMEOUT", message: "timed out" } });
      case "/api/health":
        return sendJson(res, 503, healthDown);
      case "/odd/api/health":
        return sendJson(res, 200, { status: "ok" });
      case "/unavailable/api/health":
        return sendJson(res, 503, envelope("SERVICE_UNAVAILABLE"));
      default:
        return sendJson(res, 404, envelope("NOT_FOUND"));
    }
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  api = createCallApi({ baseUrl });
});

afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await once(server, "close");
});

async function failure(promise: Promise<unknown>): Promise<ApiRequestError> {
  const error = await promise.then(
    () => {
      throw new Error("expected the request to fail");
    },
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ApiRequestError);
  return error as ApiRequestError;
}

describe("the API client: transport and unwrap", () => {
  it("returns parsed JSON on 2xx", async () => {
    await expect(api<{ keys: { id: string }[] }>("/api/ok")).resolves.toEqual({ keys: [{ id: "key_1" }] });
  });

  it("sends JSON bodies with the right headers", async () => {
    const echoed = await api<{ method: string; contentType: string; accept: string; body: string }>(
      "/api/echo",
      {
        method: "POST",
        json: { name: "ci key", scopes: ["GET:/orders"] },
      },
    );
    expect(echoed).toEqual({
      method: "POST",
      contentType: "application/json",
      accept: "application/json",
      body: JSON.stringify({ name: "ci key", scopes: ["GET:/orders"] }),
    });
  });

  it("asks fetch to send the session cookie", async () => {
    const seen: Request[] = [];
    const recording = createCallApi({
      baseUrl,
      fetch: (request) => {
        seen.push(request);
        return fetch(request);
      },
    });
    await recording("/api/ok");
    expect(seen[0]?.credentials).toBe("include");
  });

  it("returns undefined for 204 No Content", async () => {
    await expect(api("/api/empty", { method: "DELETE" })).resolves.toBeUndefined();
  });

  it("turns a validation envelope into ApiRequestError with fields", async () => {
    const error = await failure(api("/api/validation", { method: "POST", json: {} }));
    expect(error.status).toBe(400);
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.message).toBe(ERROR_CODES.VALIDATION_FAILED.message);
    expect(error.requestId).toBe(REQUEST_ID);
    expect(error.docs).toBe("https://docs.edgegate.dev/errors#validation-failed");
    expect(error.fields).toEqual([
      { path: "name", message: "Required" },
      { path: "scopes.0", message: "Unknown scope" },
    ]);
    expect(error.fieldErrors()).toEqual({ name: "Required", "scopes.0": "Unknown scope" });
    expect(error.isNetworkError).toBe(false);
  });

  it("keeps code, status and docs of a 429 envelope", async () => {
    const error = await failure(api("/api/rate-limited"));
    expect(error).toMatchObject({
      status: 429,
      code: "RATE_LIMITED",
      message: "Rate limit exceeded.",
      docs: "https://docs.edgegate.dev/errors#rate-limited",
      fields: [],
    });
  });

  it("falls back to the X-Request-ID header when the envelope has no request id", async () => {
    const error = await failure(api("/api/envelope-without-request-id"));
    expect(error).toMatchObject({
      status: 404,
      code: "NOT_FOUND",
      message: "Key not found.",
      requestId: "from-header",
    });
    expect(error.docs).toBeUndefined();
  });

  it("keeps an error code this build does not know", async () => {
    const error = await failure(api("/api/future-code"));
    expect(error).toMatchObject({ status: 418, code: "TEAPOT", requestId: "r1" });
  });

  it("reports a non-envelope error page as UNEXPECTED_RESPONSE", async () => {
    const error = await failure(api("/api/html-502"));
    expect(error).toMatchObject({ status: 502, code: "UNEXPECTED_RESPONSE", requestId: "edge-1" });
    expect(error.message).toContain("502");
  });

  it("reports invalid JSON on 200 as UNEXPECTED_RESPONSE", async () => {
    const error = await failure(api("/api/bad-json"));
    expect(error).toMatchObject({ status: 200, code: "UNEXPECTED_RESPONSE" });
  });

  it("does not mistake a 2xx body with an `error` member for a failure", async () => {
    await expect(api("/api/ok-with-error-field")).resolves.toMatchObject({ id: "dlv_1" });
  });

  it("reports a refused connection as NETWORK_ERROR with status 0", async () => {
    const closed = createServer();
    closed.listen(0, "127.0.0.1");
    await once(closed, "listening");
    const port = (closed.address() as AddressInfo).port;
    closed.close();
    await once(closed, "close");
    const error = await failure(createCallApi({ baseUrl: `http://127.0.0.1:${port}` })("/api/ok"));
    expect(error).toMatchObject({ status: 0, code: "NETWORK_ERROR", isNetworkError: true });
    expect(error.cause).toBeDefined();
  });

  it("lets an abort through unchanged so TanStack Query can cancel", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(api("/api/ok", { signal: controller.signal })).rejects.toMatchObject({ name: "AbortError" });
  });

  it("treats an accepted non-2xx status as data, unless its body is an envelope", async () => {
    await expect(api("/api/health", { acceptStatuses: [503] })).resolves.toEqual(healthDown);
    const error = await failure(api("/api/rate-limited", { acceptStatuses: [429] }));
    expect(error.code).toBe("RATE_LIMITED");
  });
});

describe("parseErrorEnvelope", () => {
  it("accepts the platform envelope and rejects other shapes", () => {
    expect(parseErrorEnvelope(envelope("KEY_EXPIRED"))).toMatchObject({
      code: "KEY_EXPIRED",
      requestId: REQUEST_ID,
    });
    for (const body of [null, "text", [], {}, { error: "boom" }, { error: { code: 1, message: "x" } }]) {
      expect(parseErrorEnvelope(body)).toBeNull();
    }
  });

  it("drops malformed field entries", () => {
    const parsed = parseErrorEnvelope({
      error: {
        code: "VALIDATION_FAILED",
        message: "m",
        fields: [{ path: "a", message: "b" }, { path: 1 }, "x"],
      },
    });
    expect(parsed?.fields).toEqual([{ path: "a", message: "b" }]);
  });
});

describe("typed client (openapi-fetch) + unwrap", () => {
  it("sends the session cookie and returns the typed body", async () => {
    const seen: Request[] = [];
    const client = createApiClient({
      baseUrl,
      fetch: (request) => {
        seen.push(request);
        return fetch(request);
      },
    });
    await expect(unwrap(client.GET("/health"), { acceptStatuses: [503] })).resolves.toEqual(healthDown);
    expect(seen[0]?.url).toBe(`${baseUrl}/api/health`);
    expect(seen[0]?.credentials).toBe("include");
    expect(seen[0]?.headers.get("Accept")).toBe("application/json");
  });

  it("throws UNEXPECTED_RESPONSE for a non-2xx answer the caller does not accept", async () => {
    const error = await failure(unwrap(createApiClient({ baseUrl }).GET("/health")));
    expect(error).toMatchObject({ status: 503, code: "UNEXPECTED_RESPONSE" });
  });

  it("throws the envelope's error with its fields and request id", async () => {
    const client = createApiClient({ baseUrl: `${baseUrl}/unavailable` });
    const error = await failure(unwrap(client.GET("/health"), { acceptStatuses: [503] }));
    expect(error).toMatchObject({ status: 503, code: "SERVICE_UNAVAILABLE", requestId: REQUEST_ID });
  });

  it("reports a refused connection as NETWORK_ERROR", async () => {
    const closed = createServer();
    closed.listen(0, "127.0.0.1");
    await once(closed, "listening");
    const port = (closed.address() as AddressInfo).port;
    closed.close();
    await once(closed, "close");
    const error = await failure(
      unwrap(createApiClient({ baseUrl: `http://127.0.0.1:${port}` }).GET("/health")),
    );
    expect(error).toMatchObject({ status: 0, code: "NETWORK_ERROR" });
  });
});

describe("fetchHealth", () => {
  it("reads a 503 health report as data", async () => {
    await expect(fetchHealth(createApiClient({ baseUrl }))).resolves.toEqual(healthDown);
  });

  it("rejects a body that is not a health report", async () => {
    const error = await failure(fetchHealth(createApiClient({ baseUrl: `${baseUrl}/odd` })));
    expect(error.code).toBe("UNEXPECTED_RESPONSE");
  });

  it("rejects a 503 that carries an error envelope instead of a report", async () => {
    const error = await failure(fetchHealth(createApiClient({ baseUrl: `${baseUrl}/unavailable` })));
    expect(error).toMatchObject({ status: 503, code: "SERVICE_UNAVAILABLE" });
  });
});

describe("query retry policy", () => {
  const make = (status: number) => new ApiRequestError({ status, code: "X", message: "x" });

  it("retries network errors, 5xx, 408 and 429 at most twice", () => {
    for (const status of [0, 500, 502, 503, 408, 429]) {
      expect(shouldRetry(0, make(status))).toBe(true);
      expect(shouldRetry(2, make(status))).toBe(false);
    }
  });

  it("never retries other client errors or unknown errors", () => {
    for (const status of [400, 401, 403, 404, 409, 422]) expect(shouldRetry(0, make(status))).toBe(false);
    expect(shouldRetry(0, new Error("bug"))).toBe(false);
  });
});
