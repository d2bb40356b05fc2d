// The analytics query layer over real rollups and raw logs written by the real consumer:
// numbers, percentiles against exact ones, time zones, log paging and export, tenant isolation
// and input validation.

import { ApiError } from "@edgegate/shared/errors";
import { latencyBucketIndex } from "@edgegate/shared/latency";
import { beforeAll, describe, expect, it } from "vitest";
import { apiKeys } from "../src/db/schema/api-keys.ts";
import {
  analyticsRangeSchema,
  logExportQuerySchema,
  logQuerySchema,
  parseAnalyticsQuery,
  timeSeriesQuerySchema,
  topQuerySchema,
} from "../src/services/analytics/index.ts";
import { bucketRange } from "../src/services/analytics/percentiles.ts";
import { createTestKey, services, type TestKey } from "./helpers.ts";
import { deliver, makeEvent } from "./pipeline-helpers.ts";

const MINUTE = 60_000;
const HOUR = 3_600_000;

const analytics = () => services().analytics;
const range = (from: number, to: number, extra: Record<string, unknown> = {}) =>
  parseAnalyticsQuery(analyticsRangeSchema, {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    ...extra,
  });
const top = (from: number, to: number, extra: Record<string, unknown> = {}) =>
  parseAnalyticsQuery(topQuerySchema, {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    ...extra,
  });
const logs = (input: Record<string, unknown>) => parseAnalyticsQuery(logQuerySchema, input);

async function deliverAll(events: unknown[]) {
  for (let i = 0; i < events.length; i += 100) await deliver(events.slice(i, i + 100));
}

async function addKey(owner: TestKey, name: string): Promise<TestKey> {
  const keyId = `key_${crypto.randomUUID()}`;
  await services()
    .database.db.insert(apiKeys)
    .values({
      id: keyId,
      organizationId: owner.organizationId,
      name,
      keyHash: crypto.randomUUID(),
      displayPrefix: "ak_test",
      scopes: ["*"],
    });
  return { ...owner, keyId };
}

/** A deterministic PRNG so failures reproduce. */
function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe("analytics", () => {
  // Org A: two keys, traffic over 24 hours; org B: a little traffic in the same hours.
  let a: TestKey;
  let a2: TestKey;
  let b: TestKey;
  const base = Math.floor(Date.now() / HOUR) * HOUR - 30 * HOUR;
  const aEvents: ReturnType<typeof makeEvent>[] = [];

  beforeAll(async () => {
    a = await createTestKey();
    a2 = await addKey(a, "second key");
    b = await createTestKey();
    for (let h = 0; h < 24; h += 3) {
      aEvents.push(
        makeEvent(a, {
          at: base + h * HOUR + MINUTE,
          latencyMs: 10,
          clientIp: "198.51.100.1",
          country: "DE",
        }),
        makeEvent(a, {
          at: base + h * HOUR + 2 * MINUTE,
          latencyMs: 20,
          path: "/v1/users/:id",
          country: "FR",
        }),
        makeEvent(a2, {
          at: base + h * HOUR + 3 * MINUTE,
          status: 404,
          latencyMs: 5,
          errorCode: null,
          userAgent: 'odd, "agent"',
          clientIp: "198.51.100.2",
        }),
        makeEvent(a2, {
          at: base + h * HOUR + 4 * MINUTE,
          status: 429,
          latencyMs: 1,
          errorCode: "RATE_LIMITED",
          rateLimitOutcome: "rate_limited",
          method: "POST",
          userAgent: "=HYPERLINK(evil)",
        }),
      );
    }
    // The previous period (the 24 hours before base): half as much traffic, all successful.
    const previous = [0, 6, 12, 18].map((h) =>
      makeEvent(a, { at: base - 24 * HOUR + h * HOUR, latencyMs: 10 }),
    );
    const other = [
      makeEvent(b, { at: base + MINUTE, path: "/v1/secret-b", clientIp: "192.0.2.99", country: "JP" }),
    ];
    await deliverAll([...aEvents, ...previous, ...other]);
  });

  it("summarises a range and compares it with the previous period", async () => {
    const summary = await analytics().summary(a.organizationId, range(base, base + 24 * HOUR));
    expect(summary.current).toMatchObject({
      totalRequests: 32,
      errorCount: 16,
      successRate: 0.5,
      errorRate: 0.5,
      rateLimitedCount: 8,
      requestBytes: 3_200,
      responseBytes: 32_000,
      bandwidthBytes: 35_200,
      avgLatencyMs: 9,
    });
    expect(summary.current.p50).toBeGreaterThan(3);
    expect(summary.current.p50).toBeLessThanOrEqual(10);
    expect(summary.current.p99).toBeGreaterThan(15);
    expect(summary.current.p99).toBeLessThanOrEqual(20);
    expect(summary.previous).toMatchObject({ totalRequests: 4, errorRate: 0 });
    expect(summary.change.totalRequests).toBe(7);

    const oneKey = await analytics().summary(
      a.organizationId,
      range(base, base + 24 * HOUR, { keyId: a2.keyId }),
    );
    expect(oneKey.current).toMatchObject({ totalRequests: 16, errorRate: 1, rateLimitedCount: 8 });
  });

  it("gives percentiles within one bucket's width of the exact percentiles of the raw rows", async () => {
    const org = await createTestKey();
    const random = mulberry32(42);
    const start = Math.floor(Date.now() / MINUTE) * MINUTE - 50 * MINUTE;
    const latencies: number[] = [];
    const events = Array.from({ length: 3_000 }, (_, i) => {
      // Log-normal around ~50 ms with a long tail, plus a cluster of fast cache hits.
      const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
      const latency =
        random() < 0.2
          ? Math.floor(random() * 3)
          : Math.min(59_000, Math.round(Math.exp(3.9 + 1.1 * normal)));
      latencies.push(latency);
      return makeEvent(org, { at: start + Math.floor((i / 3_000) * 40 * MINUTE), latencyMs: latency });
    });
    await deliverAll(events);
    const summary = await analytics().summary(org.organizationId, range(start, start + 45 * MINUTE));
    expect(summary.current.totalRequests).toBe(3_000);
    const sorted = [...latencies].sort((x, y) => x - y);
    for (const [q, key] of [
      [0.5, "p50"],
      [0.95, "p95"],
      [0.99, "p99"],
    ] as const) {
      const exact = sorted[Math.ceil(q * sorted.length) - 1] as number;
      const [lower, upper] = bucketRange(latencyBucketIndex(exact));
      const approx = summary.current[key] as number;
      expect(
        Math.abs(approx - exact),
        `${key}: exact ${exact}, from histogram ${approx}`,
      ).toBeLessThanOrEqual(upper - lower);
    }
    const series = await analytics().timeSeries(
      org.organizationId,
      parseAnalyticsQuery(timeSeriesQuerySchema, {
        from: new Date(start).toISOString(),
        to: new Date(start + 45 * MINUTE).toISOString(),
      }),
    );
    expect(series.granularity).toBe("minute");
    expect(series.points).toHaveLength(45);
    expect(series.points.reduce((sum, p) => sum + p.requests, 0)).toBe(3_000);
  });

  it("returns gap-filled time series, by hour and by local day", async () => {
    const hourly = await analytics().timeSeries(
      a.organizationId,
      parseAnalyticsQuery(timeSeriesQuerySchema, {
        from: new Date(base).toISOString(),
        to: new Date(base + 24 * HOUR).toISOString(),
      }),
    );
    expect(hourly.granularity).toBe("hour");
    expect(hourly.points).toHaveLength(24);
    expect(hourly.points[0]).toMatchObject({
      bucket: new Date(base).toISOString(),
      requests: 4,
      errors: 2,
      rateLimited: 1,
    });
    expect(hourly.points[1]).toMatchObject({ requests: 0, errors: 0, p50: null });
    expect(hourly.points[3]?.requests).toBe(4);

    // Days in New York start at local midnight (04:00 or 05:00 UTC), not at UTC midnight.
    const daily = await analytics().timeSeries(
      a.organizationId,
      parseAnalyticsQuery(timeSeriesQuerySchema, {
        from: new Date(base - 24 * HOUR).toISOString(),
        to: new Date(base + 24 * HOUR).toISOString(),
        granularity: "day",
        timeZone: "America/New_York",
      }),
    );
    expect(daily.timeZone).toBe("America/New_York");
    for (const point of daily.points) {
      const local = new Intl.DateTimeFormat("en-US", {
        timeZone: "America/New_York",
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
      }).format(new Date(point.bucket));
      expect(local).toBe("00:00");
    }
    expect(daily.points.reduce((sum, p) => sum + p.requests, 0)).toBe(36);
  });

  it("breaks a range down by endpoint, status, key, client IP and country", async () => {
    const q = top(base, base + 24 * HOUR);
    const endpoints = await analytics().topEndpoints(a.organizationId, q);
    expect(endpoints[0]).toMatchObject({
      method: "GET",
      path: "/v1/orders",
      requests: 16,
      errors: 8,
      errorRate: 0.5,
    });
    expect(endpoints).toContainEqual(
      expect.objectContaining({ method: "POST", path: "/v1/orders", requests: 8 }),
    );
    expect(endpoints.some((e) => e.path === "/v1/secret-b")).toBe(false);

    const statuses = await analytics().statusBreakdown(a.organizationId, range(base, base + 24 * HOUR));
    expect(statuses.byCode).toEqual([
      { status: 200, requests: 16 },
      { status: 404, requests: 8 },
      { status: 429, requests: 8 },
    ]);
    expect(statuses.byClass).toMatchObject({ "2xx": 16, "4xx": 16, "5xx": 0 });

    const keys = await analytics().keyBreakdown(a.organizationId, q);
    expect(keys).toHaveLength(2);
    expect(keys.find((k) => k.apiKeyId === a2.keyId)).toMatchObject({
      name: "second key",
      requests: 16,
      rateLimited: 8,
    });

    const ips = await analytics().topClients(a.organizationId, q, "ip");
    expect(ips[0]).toEqual({ value: "203.0.113.7", requests: 16, errors: 8 });
    expect(ips.map((i) => i.value)).not.toContain("192.0.2.99");
    const countries = await analytics().topClients(
      a.organizationId,
      top(base, base + 24 * HOUR, { limit: 1 }),
      "country",
    );
    expect(countries).toEqual([{ value: "DE", requests: 24, errors: 16 }]);
  });

  it("filters raw logs and pages them stably while new rows arrive", async () => {
    const all = { from: new Date(base).toISOString(), to: new Date(base + 24 * HOUR).toISOString() };
    const byStatus = await analytics().logs(a.organizationId, logs({ ...all, status: "4xx", limit: 200 }));
    expect(byStatus.entries).toHaveLength(16);
    expect((await analytics().logs(a.organizationId, logs({ ...all, status: "429" }))).entries).toHaveLength(
      8,
    );
    expect((await analytics().logs(a.organizationId, logs({ ...all, method: "post" }))).entries).toHaveLength(
      8,
    );
    expect(
      (await analytics().logs(a.organizationId, logs({ ...all, pathPrefix: "/v1/users" }))).entries,
    ).toHaveLength(8);
    expect(
      (await analytics().logs(a.organizationId, logs({ ...all, pathPrefix: "/v1/user_" }))).entries,
    ).toHaveLength(0);
    expect(
      (await analytics().logs(a.organizationId, logs({ ...all, keyId: a2.keyId }))).entries,
    ).toHaveLength(16);
    expect(
      (await analytics().logs(a.organizationId, logs({ ...all, errorCode: "RATE_LIMITED" }))).entries,
    ).toHaveLength(8);
    const target = aEvents[5] as (typeof aEvents)[number];
    const one = await analytics().logs(a.organizationId, logs({ requestId: target.id }));
    expect(one.entries).toMatchObject([{ id: target.id, path: target.path, status: target.status }]);

    // Page through with small pages while newer (and one late, older) events are inserted.
    const seen: string[] = [];
    let cursor: string | undefined;
    let page = 0;
    do {
      const result = await analytics().logs(a.organizationId, logs({ ...all, limit: 7, cursor }));
      seen.push(...result.entries.map((e) => e.id));
      cursor = result.nextCursor ?? undefined;
      if (page++ === 1) {
        await deliver([
          makeEvent(a, { at: base + 23 * HOUR + 59 * MINUTE }),
          makeEvent(a, { at: base + 30 * MINUTE }),
        ]);
      }
    } while (cursor);
    const expected = aEvents.map((e) => e.id);
    // Every original row exactly once, newest first; of the new rows only the late one (behind the cursor) shows.
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => expected.includes(id)).sort()).toEqual([...expected].sort());
    expect(seen.length).toBe(expected.length + 1);

    await expect(analytics().logs(a.organizationId, logs({ cursor: "garbage" }))).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
    });
  });

  it("exports logs as streaming NDJSON and CSV", async () => {
    const query = {
      from: new Date(base).toISOString(),
      to: new Date(base + 24 * HOUR).toISOString(),
      keyId: a2.keyId,
    };
    const ndjson = await new Response(
      analytics().exportLogs(
        a.organizationId,
        parseAnalyticsQuery(logExportQuerySchema, { ...query, format: "ndjson" }),
      ),
    ).text();
    const lines = ndjson
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(16);
    expect(lines[0]).toMatchObject({ apiKeyId: a2.keyId });

    const csv = await new Response(
      analytics().exportLogs(
        a.organizationId,
        parseAnalyticsQuery(logExportQuerySchema, { ...query, format: "csv" }),
      ),
    ).text();
    const rows = csv.trim().split("\n");
    expect(rows[0]).toBe(
      "id,createdAt,apiKeyId,method,path,status,latencyMs,upstreamTtfbMs,requestBytes,responseBytes,clientIp,country,userAgent,errorCode,rateLimitOutcome,failOpen",
    );
    expect(rows).toHaveLength(17);
    expect(csv).toContain('"odd, ""agent"""');
    expect(csv).toContain("'=HYPERLINK(evil)");

    const capped = await new Response(
      analytics().exportLogs(
        a.organizationId,
        parseAnalyticsQuery(logExportQuerySchema, { ...query, maxRows: 5 }),
      ),
    ).text();
    expect(capped.trim().split("\n")).toHaveLength(5);
  });

  it("never returns another organization's data", async () => {
    const q = top(base, base + 24 * HOUR);
    const summary = await analytics().summary(b.organizationId, range(base, base + 24 * HOUR));
    expect(summary.current.totalRequests).toBe(1);
    // Org A's key id and request id, asked for by org B, find nothing.
    const foreignKey = await analytics().summary(
      b.organizationId,
      range(base, base + 24 * HOUR, { keyId: a.keyId }),
    );
    expect(foreignKey.current.totalRequests).toBe(0);
    expect((await analytics().logs(b.organizationId, logs({ requestId: aEvents[0]?.id }))).entries).toEqual(
      [],
    );
    expect((await analytics().logs(b.organizationId, logs({ keyId: a.keyId }))).entries).toEqual([]);
    const bLogs = await analytics().logs(b.organizationId, logs({}));
    expect(bLogs.entries.map((e) => e.path)).toEqual(["/v1/secret-b"]);
    expect((await analytics().keyBreakdown(b.organizationId, q)).map((k) => k.apiKeyId)).toEqual([b.keyId]);
    expect((await analytics().topEndpoints(b.organizationId, q)).map((e) => e.path)).toEqual([
      "/v1/secret-b",
    ]);
    expect((await analytics().topClients(b.organizationId, q, "ip")).map((c) => c.value)).toEqual([
      "192.0.2.99",
    ]);
    const series = await analytics().timeSeries(
      b.organizationId,
      parseAnalyticsQuery(timeSeriesQuerySchema, {
        from: new Date(base).toISOString(),
        to: new Date(base + 24 * HOUR).toISOString(),
      }),
    );
    expect(series.points.reduce((sum, p) => sum + p.requests, 0)).toBe(1);
    // A cursor from org A's pages, replayed by org B, still only reads org B's rows.
    const aPage = await analytics().logs(a.organizationId, logs({ limit: 1 }));
    const replay = await analytics().logs(b.organizationId, logs({ cursor: aPage.nextCursor ?? undefined }));
    expect(replay.entries.every((e) => e.path === "/v1/secret-b")).toBe(true);
  });

  it("rejects bad query parameters, naming the fields", () => {
    const fieldsOf = (schema: Parameters<typeof parseAnalyticsQuery>[0], input: unknown) => {
      try {
        parseAnalyticsQuery(schema, input);
      } catch (error) {
        expect(error).toBeInstanceOf(ApiError);
        expect((error as ApiError).code).toBe("VALIDATION_FAILED");
        return (error as ApiError).fields?.map((f) => f.path);
      }
      throw new Error("accepted bad input");
    };
    const now = Date.now();
    const iso = (t: number) => new Date(t).toISOString();
    expect(fieldsOf(analyticsRangeSchema, { from: "yesterday", to: iso(now) })).toContain("from");
    expect(fieldsOf(analyticsRangeSchema, { from: iso(now), to: iso(now - HOUR) })).toContain("to");
    expect(fieldsOf(analyticsRangeSchema, { from: iso(now - 500 * 24 * HOUR), to: iso(now) })).toContain(
      "from",
    );
    expect(
      fieldsOf(analyticsRangeSchema, { from: iso(now - HOUR), to: iso(now), timeZone: "Mars/Olympus" }),
    ).toContain("timeZone");
    expect(
      fieldsOf(timeSeriesQuerySchema, {
        from: iso(now - 30 * 24 * HOUR),
        to: iso(now),
        granularity: "minute",
      }),
    ).toContain("granularity");
    expect(fieldsOf(topQuerySchema, { from: iso(now - HOUR), to: iso(now), limit: "1000" })).toContain(
      "limit",
    );
    expect(fieldsOf(logQuerySchema, { status: "6xx" })).toContain("status");
    expect(fieldsOf(logQuerySchema, { requestId: "1; drop table" })).toContain("requestId");
    expect(fieldsOf(logQuerySchema, { pathPrefix: "no-slash" })).toContain("pathPrefix");
    expect(fieldsOf(logQuerySchema, { limit: "0" })).toContain("limit");
    expect(fieldsOf(logExportQuerySchema, { format: "xlsx" })).toContain("format");
  });
});
