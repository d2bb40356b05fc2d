// The operator console's read-only routes over HTTP: an operator reads the platform across
// organizations; an organization owner gets 404 (as for an unknown path); bad, oversized and
// hostile query strings get VALIDATION_FAILED naming the field, never a 500.
import { describe, expect, it } from "vitest";
import { createTestKey } from "../helpers.ts";
import { deliver, emptyPastHour, makeEvent } from "../pipeline-helpers.ts";
import { api, errorOf, operatorWithOrg, ownerWithOrg } from "./helpers.ts";

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

const READS = [
  "/operator/analytics/summary",
  "/operator/analytics/timeseries",
  "/operator/analytics/status-codes",
  "/operator/analytics/top-organizations",
  "/operator/analytics/top-endpoints",
  "/operator/webhook-health",
] as const;

describe("operator insights routes", () => {
  it("give an operator every organization's traffic, busiest organization first", async () => {
    const operator = await operatorWithOrg();
    const busy = await createTestKey();
    const quiet = await createTestKey();
    const start = await emptyPastHour();
    await deliver([
      ...Array.from({ length: 8 }, (_, i) =>
        makeEvent(busy, { at: start + i * 60_000, status: i ? 200 : 500 }),
      ),
      ...Array.from({ length: 3 }, (_, i) => makeEvent(quiet, { at: start + i * 60_000 })),
    ]);
    const range = `from=${iso(start)}&to=${iso(start + HOUR)}`;
    const summary = await api(`/operator/analytics/summary?${range}`, { cookie: operator.cookie });
    expect(summary.status).toBe(200);
    expect(((await summary.json()) as { current: { totalRequests: number } }).current.totalRequests).toBe(11);
    const top = await api(`/operator/analytics/top-organizations?${range}&limit=2`, {
      cookie: operator.cookie,
    });
    const rows = (
      (await top.json()) as { data: { organizationId: string; requests: number; errors: number }[] }
    ).data;
    expect(rows.map((r) => [r.organizationId, r.requests, r.errors])).toEqual([
      [busy.organizationId, 8, 1],
      [quiet.organizationId, 3, 0],
    ]);
    const endpoints = await api(`/operator/analytics/top-endpoints?${range}`, { cookie: operator.cookie });
    expect(((await endpoints.json()) as { data: unknown[] }).data).toHaveLength(2);
    for (const path of ["/operator/queues", "/operator/revenue", `/operator/webhook-health?${range}`]) {
      expect((await api(path, { cookie: operator.cookie })).status, path).toBe(200);
    }
  });

  it("answer an organization owner and a signed-out caller 404 (the sweep covers every other caller)", async () => {
    const owner = await ownerWithOrg();
    const now = Date.now();
    const range = `from=${iso(now - HOUR)}&to=${iso(now)}`;
    for (const path of [...READS.map((p) => `${p}?${range}`), "/operator/queues", "/operator/revenue"]) {
      const asOwner = await api(path, { cookie: owner.cookie });
      expect(asOwner.status, path).toBe(404);
      expect((await errorOf(asOwner)).code).toBe("NOT_FOUND");
      expect((await api(path)).status, path).toBe(404);
    }
  });

  it("refuse bad ranges and malformed or oversized query strings with the field named", async () => {
    const operator = await operatorWithOrg();
    const now = Date.now();
    const cases: [string, string][] = [
      ["/operator/analytics/summary?from=yesterday&to=now", "from"],
      [`/operator/analytics/summary?from=${iso(now)}&to=${iso(now - HOUR)}`, "to"],
      [`/operator/analytics/summary?from=${iso(now - 500 * 24 * HOUR)}&to=${iso(now)}`, "from"],
      [
        `/operator/analytics/timeseries?from=${iso(now - 30 * 24 * HOUR)}&to=${iso(now)}&granularity=minute`,
        "granularity",
      ],
      [
        `/operator/analytics/timeseries?from=${iso(now - HOUR)}&to=${iso(now)}&timeZone=Mars/Olympus`,
        "timeZone",
      ],
      [`/operator/analytics/top-organizations?from=${iso(now - HOUR)}&to=${iso(now)}&limit=1e9`, "limit"],
      [`/operator/analytics/top-endpoints?from=${iso(now - HOUR)}&to=${iso(now)}&limit=-1`, "limit"],
      [`/operator/webhook-health?from=${iso(now - HOUR)}&to=${iso(now)}&limit=101`, "limit"],
      ["/operator/webhook-health", "from"],
      [`/operator/analytics/summary?from=${iso(now - HOUR)}&to=${iso(now)}&keyId=${"k".repeat(65)}`, "keyId"],
    ];
    for (const [path, field] of cases) {
      const response = await api(path, { cookie: operator.cookie });
      expect(response.status, path).toBe(400);
      const error = (await errorOf(response)) as { code: string; fields?: { path: string }[] };
      expect(error.code, path).toBe("VALIDATION_FAILED");
      expect(error.fields?.map((f) => f.path).join(","), path).toContain(field);
    }
    // A query string far past any legitimate one is refused before it reaches a handler.
    const huge = await api(`/operator/analytics/summary?from=${"9".repeat(20_000)}`, {
      cookie: operator.cookie,
    });
    expect(huge.status).toBeGreaterThanOrEqual(400);
    expect(huge.status).toBeLessThan(500);
  });
});
