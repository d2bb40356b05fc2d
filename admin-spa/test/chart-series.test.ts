import { describe, expect, it } from "vitest";
import { describeBreakdown } from "../src/components/charts/BarBreakdown.tsx";
import {
  describeLatency,
  describeRequests,
  seriesTotals,
  shapeTimeSeries,
  type TimeSeriesPoint,
} from "../src/components/charts/series.ts";
import { isolated } from "../src/components/charts/TimeSeriesChart.tsx";

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 27, 12, 0);

function point(
  offsetMinutes: number,
  requests: number,
  errors = 0,
  p95: number | null = requests ? 20 : null,
): TimeSeriesPoint {
  return {
    bucket: new Date(T0 + offsetMinutes * MINUTE).toISOString(),
    requests,
    errors,
    rateLimited: 0,
    bandwidthBytes: requests * 100,
    p50: p95 === null ? null : p95 / 2,
    p95,
    p99: p95 === null ? null : p95 * 2,
  };
}

describe("shapeTimeSeries", () => {
  it("sorts by time and keys rows by epoch milliseconds", () => {
    const rows = shapeTimeSeries([point(2, 5), point(0, 1), point(1, 3, 1)], "minute");
    expect(rows.map((row) => row.t)).toEqual([T0, T0 + MINUTE, T0 + 2 * MINUTE]);
    expect(rows[1]).toMatchObject({ requests: 3, errors: 1, successes: 2 });
  });

  it("fills missing minute buckets with zero counts and null latency", () => {
    const rows = shapeTimeSeries([point(0, 4), point(3, 2)], "minute");
    expect(rows).toHaveLength(4);
    expect(rows[1]).toEqual({
      t: T0 + MINUTE,
      requests: 0,
      errors: 0,
      successes: 0,
      rateLimited: 0,
      bandwidthBytes: 0,
      p50: null,
      p95: null,
      p99: null,
    });
  });

  it("fills hour gaps by the hour and leaves day series as they are (DST days vary)", () => {
    const hours = shapeTimeSeries(
      [
        { ...point(0, 1), bucket: new Date(T0).toISOString() },
        { ...point(0, 1), bucket: new Date(T0 + 3 * 3_600_000).toISOString() },
      ],
      "hour",
    );
    expect(hours).toHaveLength(4);
    const days = shapeTimeSeries(
      [
        { ...point(0, 1), bucket: "2026-03-28T23:00:00.000Z" },
        { ...point(0, 1), bucket: "2026-03-31T22:00:00.000Z" },
      ],
      "day",
    );
    expect(days).toHaveLength(2);
  });

  it("keeps the last value of a repeated bucket and drops unparseable buckets", () => {
    const rows = shapeTimeSeries(
      [point(0, 1), point(0, 7), { ...point(1, 9), bucket: "not a date" }],
      "minute",
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.requests).toBe(7);
  });

  it("clamps nonsense counts: negative, NaN, errors above requests", () => {
    const rows = shapeTimeSeries(
      [
        { ...point(0, 0), requests: -3, errors: Number.NaN },
        { ...point(1, 0), requests: 2, errors: 5 },
      ],
      "minute",
    );
    expect(rows[0]).toMatchObject({ requests: 0, errors: 0, successes: 0 });
    expect(rows[1]).toMatchObject({ requests: 2, errors: 2, successes: 0 });
  });

  it("keeps a zero latency (a fast bucket) distinct from null (an empty bucket)", () => {
    const rows = shapeTimeSeries([point(0, 3, 0, 0), point(1, 0)], "minute");
    expect(rows[0]?.p95).toBe(0);
    expect(rows[1]?.p95).toBeNull();
  });

  it("handles empty and single-point input", () => {
    expect(shapeTimeSeries([], "minute")).toEqual([]);
    expect(shapeTimeSeries([point(0, 1)], "hour")).toHaveLength(1);
  });
});

describe("summaries for screen readers", () => {
  const label = (ms: number) => new Date(ms).toISOString().slice(11, 16);

  it("totals and the busiest bucket", () => {
    const rows = shapeTimeSeries([point(0, 4, 1), point(1, 10, 2), point(2, 0)], "minute");
    expect(seriesTotals(rows)).toEqual({ requests: 14, errors: 3, peak: { t: T0 + MINUTE, requests: 10 } });
    expect(describeRequests(rows, label)).toBe(
      "14 requests from 12:00 to 12:02, 3 of them errors. Busiest bucket: 12:01 with 10 requests.",
    );
  });

  it("says so when there is no traffic", () => {
    const rows = shapeTimeSeries([point(0, 0), point(1, 0)], "minute");
    expect(seriesTotals(rows).peak).toBeNull();
    expect(describeRequests(rows, label)).toBe("No requests in the 2 time buckets shown.");
    expect(describeLatency(rows, label)).toBe("No latency data: no requests in the time buckets shown.");
  });

  it("reports the highest percentiles", () => {
    const rows = shapeTimeSeries([point(0, 1, 0, 20), point(1, 1, 0, 60)], "minute");
    expect(describeLatency(rows, label)).toBe(
      "Latency from 12:00 to 12:01. Highest p50 30 ms, p95 60 ms, p99 120 ms.",
    );
  });

  it("describes a breakdown with shares, naming the first few", () => {
    const entries = [
      { label: "GET /a", value: 60 },
      { label: "GET /b", value: 30 },
      { label: "GET /c", value: 5 },
      { label: "GET /d", value: 5 },
    ];
    expect(describeBreakdown(entries, "requests", String)).toBe(
      "4 entries, 100 requests in total. GET /a: 60 (60%); GET /b: 30 (30%); GET /c: 5 (5%); 1 more in the table.",
    );
    expect(describeBreakdown([], "requests", String)).toBe("No requests.");
  });
});

describe("isolated latency points", () => {
  it("marks a value whose neighbours are both missing, and only those", () => {
    const rows = shapeTimeSeries([point(0, 0), point(1, 3), point(2, 0), point(3, 2), point(4, 2)], "minute");
    expect(rows.map((_, index) => isolated(rows, "p95", index))).toEqual([false, true, false, false, false]);
    expect(isolated(rows, "p95", undefined)).toBe(false);
    // At the edges a missing neighbour counts as missing.
    const edge = shapeTimeSeries([point(0, 1), point(1, 0)], "minute");
    expect(isolated(edge, "p95", 0)).toBe(true);
  });
});
