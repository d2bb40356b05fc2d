// The admin API's analytics and request-log routes over real data written by the request-log
// consumer: every route's happy path, validation naming the field, 401 without a caller, and
// isolation between organizations (another org's data never appears; its request ids are 404).

import { beforeAll, describe, expect, it } from "vitest";
import type { TestKey } from "../helpers.ts";
import { deliver, makeEvent } from "../pipeline-helpers.ts";
import { api, createKey, errorOf, memberWithRole, ownerWithOrg, type TestUser } from "./helpers.ts";

const MINUTE = 60_000;

interface LogEntryJson {
  id: string;
  createdAt: string;
  apiKeyId: string | null;
  method: string;
  path: string;
  status: number;
  clientIp: string | null;
  country: string | null;
}

const qs = (params: Record<string, string | number | undefined>) => {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params))
    if (value !== undefined) search.set(name, String(value));
  return `?${search}`;
};

describe("admin analytics and logs routes", () => {
  let ownerA: TestUser & { organizationId: string };
  let ownerB: TestUser & { organizationId: string };
  let viewerA: TestUser;
  let keyA: TestKey;
  let keyB: TestKey;
  const now = Math.floor(Date.now() / MINUTE) * MINUTE;
  const range = {
    from: new Date(now - 2 * 60 * MINUTE).toISOString(),
    to: new Date(now + MINUTE).toISOString(),
  };
  let aEvents: ReturnType<typeof makeEvent>[];
  let bEvent: ReturnType<typeof makeEvent>;

  beforeAll(async () => {
    ownerA = await ownerWithOrg();
    ownerB = await ownerWithOrg();
    viewerA = await memberWithRole(ownerA.organizationId, "viewer");
    const createdA = await createKey(ownerA.cookie);
    const createdB = await createKey(ownerB.cookie);
    keyA = {
      key: createdA.key,
      keyId: createdA.apiKey.id,
      keyHash: "",
      organizationId: ownerA.organizationId,
    };
    keyB = {
      key: createdB.key,
      keyId: createdB.apiKey.id,
      keyHash: "",
      organizationId: ownerB.organizationId,
    };
    aEvents = [
      makeEvent(keyA, { at: now - 50 * MINUTE, latencyMs: 10, clientIp: "203.0.113.7", country: "DE" }),
      makeEvent(keyA, { at: now - 40 * MINUTE, latencyMs: 20, clientIp: "203.0.113.7", country: "DE" }),
      // Admitted without Redis's verdict (bounded fail-open).
      makeEvent(keyA, {
        at: now - 30 * MINUTE,
        latencyMs: 30,
        clientIp: "203.0.113.7",
        country: "DE",
        failOpen: true,
      }),
      makeEvent(keyA, {
        at: now - 20 * MINUTE,
        method: "POST",
        status: 404,
        clientIp: "198.51.100.9",
        country: "FR",
        userAgent: 'odd, "agent"',
      }),
      makeEvent(keyA, {
        at: now - 10 * MINUTE,
        path: "/v1/users/:id",
        status: 429,
        errorCode: "RATE_LIMITED",
        rateLimitOutcome: "rate_limited",
        clientIp: "198.51.100.9",
        country: "FR",
      }),
    ];
    bEvent = makeEvent(keyB, {
      at: now - 45 * MINUTE,
      path: "/v1/secret-b",
      status: 503,
      clientIp: "192.0.2.99",
      country: "JP",
    });
    const result = await deliver([...aEvents, bEvent]);
    expect(result.acked).toBe(aEvents.length + 1);
  });

  const get = (path: string, user: TestUser = ownerA) => api(path, { cookie: user.cookie });

  describe("analytics", () => {
    it("GET /analytics/summary totals the caller's organization only", async () => {
      const response = await get(`/analytics/summary${qs(range)}`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as {
        current: Record<string, number | null>;
        previous: Record<string, number | null>;
        change: Record<string, number | null>;
      };
      expect(body.current).toMatchObject({
        totalRequests: 5,
        errorCount: 2,
        errorRate: 0.4,
        successRate: 0.6,
        rateLimitedCount: 1,
        failOpenCount: 1,
        requestBytes: 500,
        responseBytes: 5_000,
        bandwidthBytes: 5_500,
        from: range.from,
        to: range.to,
      });
      expect(body.current.p95).toEqual(expect.any(Number));
      expect(body.previous.totalRequests).toBe(0);
      expect(body.change.totalRequests).toBeNull();

      const other = (await (await get(`/analytics/summary${qs(range)}`, ownerB)).json()) as {
        current: { totalRequests: number; errorCount: number };
      };
      expect(other.current).toMatchObject({ totalRequests: 1, errorCount: 1 });
    });

    it("GET /analytics/summary with a keyId", async () => {
      const own = (await (await get(`/analytics/summary${qs({ ...range, keyId: keyA.keyId })}`)).json()) as {
        current: { totalRequests: number };
      };
      expect(own.current.totalRequests).toBe(5);
      // Another organization's key matches nothing: never that organization's numbers.
      const response = await get(`/analytics/summary${qs({ ...range, keyId: keyB.keyId })}`);
      expect(response.status).toBe(200);
      const foreign = (await response.json()) as { current: { totalRequests: number } };
      expect(foreign.current.totalRequests).toBe(0);
    });

    it("is open to every role (a viewer reads analytics)", async () => {
      const response = await get(`/analytics/summary${qs(range)}`, viewerA);
      expect(response.status).toBe(200);
      expect(((await response.json()) as { current: { totalRequests: number } }).current.totalRequests).toBe(
        5,
      );
    });

    it("GET /analytics/timeseries returns every bucket", async () => {
      const response = await get(`/analytics/timeseries${qs({ ...range, granularity: "minute" })}`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as {
        granularity: string;
        timeZone: string;
        points: { bucket: string; requests: number; errors: number }[];
      };
      expect(body.granularity).toBe("minute");
      expect(body.timeZone).toBe("UTC");
      expect(body.points).toHaveLength(121);
      expect(body.points.reduce((sum, p) => sum + p.requests, 0)).toBe(5);
      expect(body.points.reduce((sum, p) => sum + p.errors, 0)).toBe(2);
      const at = new Date(now - 10 * MINUTE).toISOString();
      expect(body.points.find((p) => p.bucket === at)).toMatchObject({ requests: 1, errors: 1 });
    });

    it("GET /analytics/top-endpoints", async () => {
      const response = await get(`/analytics/top-endpoints${qs({ ...range, limit: 2 })}`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { data: Record<string, unknown>[] };
      expect(body.data).toHaveLength(2);
      expect(body.data[0]).toMatchObject({
        method: "GET",
        path: "/v1/orders",
        requests: 3,
        errors: 0,
        errorRate: 0,
      });
      expect(JSON.stringify(body)).not.toContain("secret-b");
    });

    it("GET /analytics/status-codes", async () => {
      const response = await get(`/analytics/status-codes${qs(range)}`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        byCode: [
          { status: 200, requests: 3 },
          { status: 404, requests: 1 },
          { status: 429, requests: 1 },
        ],
        byClass: { "1xx": 0, "2xx": 3, "3xx": 0, "4xx": 2, "5xx": 0 },
      });
    });

    it("GET /analytics/keys names the organization's keys", async () => {
      const response = await get(`/analytics/keys${qs(range)}`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { data: Record<string, unknown>[] };
      expect(body.data).toEqual([
        expect.objectContaining({
          apiKeyId: keyA.keyId,
          requests: 5,
          errors: 2,
          rateLimited: 1,
          bandwidthBytes: 5_500,
          name: expect.any(String),
          displayPrefix: expect.any(String),
        }),
      ]);
    });

    it("GET /analytics/top-consumers by IP and by country", async () => {
      const byIp = await get(`/analytics/top-consumers${qs(range)}`);
      expect(byIp.status).toBe(200);
      expect(await byIp.json()).toEqual({
        by: "ip",
        data: [
          { value: "203.0.113.7", requests: 3, errors: 0 },
          { value: "198.51.100.9", requests: 2, errors: 2 },
        ],
      });
      const byCountry = await get(`/analytics/top-consumers${qs({ ...range, by: "country", limit: 1 })}`);
      expect(await byCountry.json()).toEqual({
        by: "country",
        data: [{ value: "DE", requests: 3, errors: 0 }],
      });
      const foreign = await get(`/analytics/top-consumers${qs({ ...range, keyId: keyB.keyId })}`);
      expect(await foreign.json()).toEqual({ by: "ip", data: [] });
    });

    it("validation errors name each field", async () => {
      const cases: [string, string[]][] = [
        [`/analytics/summary${qs({ from: range.from })}`, ["to"]],
        [`/analytics/summary${qs({ from: range.to, to: range.from })}`, ["to"]],
        [`/analytics/timeseries${qs({ ...range, granularity: "fortnight" })}`, ["granularity"]],
        [`/analytics/timeseries${qs({ ...range, timeZone: "Mars/Olympus" })}`, ["timeZone"]],
        [`/analytics/top-endpoints${qs({ ...range, limit: 0 })}`, ["limit"]],
        [`/analytics/top-endpoints${qs({ from: range.to, to: range.from })}`, ["to"]],
        [
          `/analytics/timeseries${qs({ from: "2026-01-01T00:00:00Z", to: "2026-01-03T00:00:00Z", granularity: "minute" })}`,
          ["granularity"],
        ],
        [`/analytics/status-codes${qs({ from: "yesterday", to: "today" })}`, ["from", "to"]],
        [`/analytics/keys${qs({ ...range, limit: 101 })}`, ["limit"]],
        [`/analytics/top-consumers${qs({ ...range, by: "asn" })}`, ["by"]],
      ];
      for (const [path, fields] of cases) {
        const response = await get(path);
        expect(response.status, path).toBe(400);
        const error = await errorOf(response);
        expect(error.code).toBe("VALIDATION_FAILED");
        expect(error.fields?.map((f) => f.path).sort(), path).toEqual(fields);
      }
    });
  });

  describe("logs", () => {
    it("GET /logs pages through the organization's entries, newest first", async () => {
      const seen: LogEntryJson[] = [];
      let cursor: string | undefined;
      for (let pages = 0; pages < 5; pages++) {
        const response = await get(`/logs${qs({ limit: 2, cursor, from: range.from })}`);
        expect(response.status).toBe(200);
        const body = (await response.json()) as { data: LogEntryJson[]; nextCursor: string | null };
        expect(body.data.length).toBeLessThanOrEqual(2);
        seen.push(...body.data);
        if (!body.nextCursor) break;
        cursor = body.nextCursor;
      }
      expect(seen.map((e) => e.id)).toEqual(aEvents.map((e) => e.id).reverse());
      expect(seen.every((e) => e.apiKeyId === keyA.keyId)).toBe(true);
    });

    it("GET /logs filters", async () => {
      const filtered = async (params: Record<string, string>) => {
        const response = await get(`/logs${qs(params)}`);
        expect(response.status).toBe(200);
        return ((await response.json()) as { data: LogEntryJson[] }).data.map((e) => e.id);
      };
      const [e0, e1, e2, e3, e4] = aEvents.map((e) => e.id);
      expect(await filtered({ status: "4xx" })).toEqual([e4, e3]);
      expect(await filtered({ status: "404" })).toEqual([e3]);
      expect(await filtered({ method: "post" })).toEqual([e3]);
      expect(await filtered({ pathPrefix: "/v1/users" })).toEqual([e4]);
      expect(await filtered({ errorCode: "RATE_LIMITED" })).toEqual([e4]);
      expect(await filtered({ requestId: e1 as string })).toEqual([e1]);
      expect(await filtered({ failOpen: "true" })).toEqual([e2]);
      expect(await filtered({ failOpen: "false" })).toEqual([e4, e3, e1, e0]);
      expect(
        await filtered({
          from: new Date(now - 45 * MINUTE).toISOString(),
          to: new Date(now - 25 * MINUTE).toISOString(),
        }),
      ).toEqual([e2, e1]);
      expect(await filtered({ keyId: keyA.keyId })).toEqual([e4, e3, e2, e1, e0]);
      // Another organization's key or request id matches nothing.
      expect(await filtered({ keyId: keyB.keyId })).toEqual([]);
      expect(await filtered({ requestId: bEvent.id })).toEqual([]);
    });

    it("GET /logs validation errors name each field", async () => {
      const cases: [string, string[]][] = [
        [`/logs${qs({ status: "6xx" })}`, ["status"]],
        [`/logs${qs({ method: "GET /" })}`, ["method"]],
        [`/logs${qs({ pathPrefix: "v1" })}`, ["pathPrefix"]],
        [`/logs${qs({ requestId: "nope", limit: 500 })}`, ["limit", "requestId"]],
        [`/logs${qs({ cursor: "not-a-cursor" })}`, ["cursor"]],
        [`/logs${qs({ failOpen: "1" })}`, ["failOpen"]],
        [`/logs/not-a-uuid`, ["requestId"]],
        [`/logs/export${qs({ format: "xml" })}`, ["format"]],
        [`/logs/export${qs({ cursor: "bm9wZQ" })}`, ["cursor"]],
      ];
      for (const [path, fields] of cases) {
        const response = await get(path);
        expect(response.status, path).toBe(400);
        const error = await errorOf(response);
        expect(error.code).toBe("VALIDATION_FAILED");
        expect(error.fields?.map((f) => f.path).sort(), path).toEqual(fields);
      }
    });

    it("GET /logs/{requestId} returns the entry; unknown and other organizations' ids are 404", async () => {
      const event = aEvents[3] as ReturnType<typeof makeEvent>;
      const response = await get(`/logs/${event.id}`, viewerA);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        id: event.id,
        createdAt: new Date(event.timestamp).toISOString(),
        apiKeyId: keyA.keyId,
        method: "POST",
        path: "/v1/orders",
        status: 404,
        latencyMs: event.latencyMs,
        upstreamTtfbMs: event.upstreamTtfbMs,
        requestBytes: 100,
        responseBytes: 1_000,
        clientIp: "198.51.100.9",
        country: "FR",
        userAgent: 'odd, "agent"',
        errorCode: null,
        rateLimitOutcome: "allowed",
        failOpen: false,
      });
      // Upper-case ids are the same id.
      expect((await get(`/logs/${event.id.toUpperCase()}`)).status).toBe(200);

      const foreign = await get(`/logs/${bEvent.id}`);
      expect(foreign.status).toBe(404);
      expect((await errorOf(foreign)).code).toBe("NOT_FOUND");
      expect((await get(`/logs/${crypto.randomUUID()}`)).status).toBe(404);
      // Ids whose time field lies past year 9999 (a v4 id does ~10% of the time) are 404 too.
      expect((await get("/logs/ffffffff-ffff-4fff-bfff-ffffffffffff")).status).toBe(404);
      expect((await get("/logs/ffffffff-ffff-7fff-bfff-ffffffffffff")).status).toBe(404);
      // Its own organization does see it.
      expect((await get(`/logs/${bEvent.id}`, ownerB)).status).toBe(200);
    });

    it("GET /logs/export streams NDJSON", async () => {
      const response = await get(`/logs/export${qs({ from: range.from })}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("Content-Type")).toBe("application/x-ndjson");
      expect(response.headers.get("Content-Disposition")).toMatch(
        /^attachment; filename="request-logs-[0-9TZ-]+\.ndjson"$/,
      );
      // (Decoded by hand: workerd warns on .text() of a non-text Content-Type.)
      const text = new TextDecoder().decode(await response.arrayBuffer());
      const rows = text
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as LogEntryJson);
      expect(rows.map((r) => r.id)).toEqual(aEvents.map((e) => e.id).reverse());
      expect(text).not.toContain("secret-b");
    });

    it("GET /logs/export streams CSV with the filters applied", async () => {
      const response = await get(`/logs/export${qs({ format: "csv", status: "4xx" })}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
      expect(response.headers.get("Content-Disposition")).toMatch(/^attachment; filename=".+\.csv"$/);
      const lines = (await response.text()).trim().split("\n");
      expect(lines[0]).toMatch(/^id,createdAt,apiKeyId,method,path,status,/);
      expect(lines).toHaveLength(3);
      expect(lines[1]).toContain(aEvents[4]?.id);
      expect(lines[2]).toContain(aEvents[3]?.id);
      expect(lines[2]).toContain('"odd, ""agent"""');
      // Another organization's export holds only its own row.
      const other = await (await get(`/logs/export${qs({ format: "csv" })}`, ownerB)).text();
      expect(other.trim().split("\n")).toHaveLength(2);
      expect(other).toContain(bEvent.id);
    });
  });

  it("every route answers 401 without a session or token", async () => {
    const paths = [
      `/analytics/summary${qs(range)}`,
      `/analytics/timeseries${qs(range)}`,
      `/analytics/top-endpoints${qs(range)}`,
      `/analytics/status-codes${qs(range)}`,
      `/analytics/keys${qs(range)}`,
      `/analytics/top-consumers${qs(range)}`,
      "/logs",
      `/logs/${aEvents[0]?.id}`,
      "/logs/export",
    ];
    for (const path of paths) {
      const response = await api(path);
      expect(response.status, path).toBe(401);
      expect((await errorOf(response)).code).toBe("UNAUTHORIZED");
    }
  });
});
