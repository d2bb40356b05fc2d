// The gateway's hostile-input matrix: what an attacker sends and what must happen. Run twice:
// through the Worker's fetch handler inside workerd (test/gateway-hostile.test.ts) and as raw
// HTTP/1.1 over a real socket to the gateway on workerd (bench/test/gateway-socket.test.ts), where
// the runtime's own HTTP parsing comes first. Plain data and checks on a standard Response, so
// both sides share it.
import { generateApiKey } from "@edgegate/shared/api-key";
import { expect } from "vitest";

/** What the demo upstream's /echo answers. */
export interface EchoBody {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  body: string;
  bodyBytes: number;
}

/** The matrix's key: allowlist 203.0.113.0/24, every scope. */
export interface HostileKey {
  key: string;
  keyId: string;
  organizationId: string;
}

export interface HostileCase {
  name: string;
  path?: string;
  init?: { key?: string; ip?: string | null; method?: string; headers?: Record<string, string> };
  status: number;
  code?: string;
  /** Where raw HTTP over a socket answers differently from a Request built with fetch's URL parser. */
  overSocket?: { status: number; code?: string };
  check?: (response: Response) => Promise<void> | void;
}

export function hostileCases(testKey: HostileKey): HostileCase[] {
  const key = testKey.key;
  const wrongChecksum = `${key.slice(0, -1)}${key.endsWith("A") ? "B" : "A"}`;
  return [
    {
      name: "key in the query string",
      path: `/v1/echo?api_key=${key}`,
      init: { key },
      status: 400,
      code: "BAD_REQUEST",
    },
    {
      name: "bare key value in the query string",
      path: `/v1/echo?x=${key}`,
      status: 400,
      code: "BAD_REQUEST",
    },
    {
      name: "access_token parameter",
      path: "/v1/echo?access_token=abc",
      init: { key },
      status: 400,
      code: "BAD_REQUEST",
    },
    { name: "10 KB key", init: { key: `ak_${"a".repeat(10_240)}` }, status: 401, code: "INVALID_KEY" },
    // NUL and CR/LF cannot even be put in a header here (the Headers API and workerd's HTTP parser
    // refuse them); a TAB can, and the shared key check (unit-tested with NUL too) rejects it.
    {
      name: "control character in the key",
      init: { headers: { "X-API-Key": `${key.slice(0, 10)}\t${key.slice(11)}` } },
      status: 401,
      code: "INVALID_KEY",
    },
    {
      name: "non-ASCII in the key",
      init: { headers: { "X-API-Key": `${key.slice(0, 10)}ÿ${key.slice(11)}` } },
      status: 401,
      code: "INVALID_KEY",
    },
    { name: "wrong checksum", init: { key: wrongChecksum }, status: 401, code: "INVALID_KEY" },
    { name: "wrong prefix", init: { key: `sk_${key.slice(3)}` }, status: 401, code: "INVALID_KEY" },
    { name: "lower-cased key", init: { key: key.toLowerCase() }, status: 401, code: "INVALID_KEY" },
    {
      name: "empty Authorization",
      init: { headers: { Authorization: "" } },
      status: 401,
      code: "UNAUTHORIZED",
    },
    {
      name: "Bearer with no key",
      init: { headers: { Authorization: "Bearer " } },
      status: 401,
      code: "UNAUTHORIZED",
    },
    {
      name: "Basic auth instead of a key",
      init: { headers: { Authorization: "Basic YWs6eA==" } },
      status: 401,
      code: "UNAUTHORIZED",
    },
    {
      name: "two different keys",
      init: { key, headers: { "X-API-Key": generateApiKey() } },
      status: 401,
      code: "UNAUTHORIZED",
    },
    {
      name: "whitespace-only X-API-Key",
      init: { headers: { "X-API-Key": "   " } },
      status: 401,
      code: "UNAUTHORIZED",
    },
    {
      name: "X-Forwarded-For spoofing an allowlisted IP",
      init: { key, ip: "198.51.100.1", headers: { "X-Forwarded-For": "203.0.113.5" } },
      status: 403,
      code: "IP_BLOCKED",
    },
    {
      name: "X-Real-IP spoofing",
      init: { key, ip: "198.51.100.1", headers: { "X-Real-IP": "203.0.113.5" } },
      status: 403,
      code: "IP_BLOCKED",
    },
    {
      name: "True-Client-IP spoofing",
      init: { key, ip: "198.51.100.1", headers: { "True-Client-IP": "203.0.113.5" } },
      status: 403,
      code: "IP_BLOCKED",
    },
    { name: "::ffff: mapped allowlisted IPv4", init: { key, ip: "::ffff:203.0.113.9" }, status: 200 },
    {
      name: "::ffff: mapped IPv4 outside the list",
      init: { key, ip: "::ffff:198.51.100.1" },
      status: 403,
      code: "IP_BLOCKED",
    },
    { name: "garbage CF-Connecting-IP", init: { key, ip: "not-an-ip" }, status: 403, code: "IP_BLOCKED" },
    {
      name: "missing CF-Connecting-IP with an allowlist",
      init: { key, ip: null },
      status: 403,
      code: "IP_BLOCKED",
    },
    {
      name: "%2e%2e%2f traversal",
      path: "/v1/%2e%2e%2fadmin",
      init: { key },
      status: 400,
      code: "BAD_REQUEST",
    },
    {
      name: "encoded slash %2F",
      path: "/v1/users%2F..%2Fadmin",
      init: { key },
      status: 400,
      code: "BAD_REQUEST",
    },
    {
      name: "encoded backslash %5C",
      path: "/v1/users%5C..%5Cadmin",
      init: { key },
      status: 400,
      code: "BAD_REQUEST",
    },
    { name: "double slash", path: "/v1//admin", init: { key }, status: 400, code: "BAD_REQUEST" },
    { name: "encoded NUL", path: "/v1/users%00.json", init: { key }, status: 400, code: "BAD_REQUEST" },
    {
      name: "malformed percent-encoding",
      path: "/v1/users/%E0%A4%A",
      init: { key },
      status: 400,
      code: "BAD_REQUEST",
    },
    {
      name: "overlong path",
      path: `/v1/${"a/".repeat(1_100)}`,
      init: { key },
      status: 400,
      code: "BAD_REQUEST",
    },
    {
      // A Request built with the URL parser has its literal dot segments resolved before the Worker
      // sees it: the request lands outside /v1 and is never proxied. Over a socket workerd hands
      // the Worker the raw path, and the gateway's own path parser refuses it.
      name: "/v1/../admin",
      path: "/v1/../admin",
      init: { key },
      status: 404,
      code: "NOT_FOUND",
      overSocket: { status: 400, code: "BAD_REQUEST" },
    },
    {
      name: "Connection: close, X-Secret strips the named header",
      path: "/v1/echo",
      init: {
        key,
        headers: { Connection: "close, X-Secret", "X-Secret": "s3cret", "Keep-Alive": "timeout=5" },
      },
      status: 200,
      check: async (response) => {
        const echo = (await response.json()) as EchoBody;
        expect(echo.headers["x-secret"]).toBeUndefined();
        expect(echo.headers["keep-alive"]).toBeUndefined();
      },
    },
    {
      name: "response hop-by-hop headers are stripped",
      path: "/v1/response-headers?Connection=X-Upstream-Secret&X-Upstream-Secret=1&Keep-Alive=timeout%3D5&X-Kept=yes",
      init: { key },
      status: 200,
      check: (response) => {
        expect(response.headers.get("X-Upstream-Secret")).toBeNull();
        expect(response.headers.get("Keep-Alive")).toBeNull();
        expect(response.headers.get("X-Kept")).toBe("yes");
      },
    },
    {
      name: "spoofed gateway identity headers are replaced",
      path: "/v1/echo",
      init: { key, headers: { "X-API-Key-ID": "key_other", "X-Organization-ID": "org_other" } },
      status: 200,
      check: async (response) => {
        const echo = (await response.json()) as EchoBody;
        expect(echo.headers["x-api-key-id"]).toBe(testKey.keyId);
        expect(echo.headers["x-organization-id"]).toBe(testKey.organizationId);
      },
    },
    {
      name: "TRACE method",
      path: "/v1/echo",
      init: { key, method: "TRACE" },
      status: 405,
      code: "METHOD_NOT_ALLOWED",
    },
    {
      name: "upstream redirect is passed back, not followed",
      path: "/v1/status/302",
      init: { key },
      status: 302,
    },
  ];
}
