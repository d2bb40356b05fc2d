// Shaping the analytics API's time series for charts: numbers keyed by epoch milliseconds (so the
// axis can format them in any time zone), sorted, one row per bucket, and gaps made explicit.
// The API already fills empty buckets; this guards the chart against a sparse or unordered
// answer (an older server, a partial rollup) so lines never jump across missing time.
import { formatCount, formatLatency, type Granularity } from "./format.ts";

export interface TimeSeriesPoint {
  bucket: string;
  requests: number;
  errors: number;
  rateLimited: number;
  bandwidthBytes: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export interface SeriesRow {
  /** Bucket start, epoch milliseconds. */
  t: number;
  requests: number;
  errors: number;
  /** requests − errors, for a stacked chart whose total is the request count. */
  successes: number;
  rateLimited: number;
  bandwidthBytes: number;
  /** null = no requests in the bucket: the latency line breaks here instead of dropping to 0. */
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export const GRANULARITY_STEP_MS: Record<Exclude<Granularity, "day">, number> = {
  minute: 60_000,
  hour: 3_600_000,
};

/** Never draw more than this many filled buckets, whatever the input claims. */
const MAX_FILLED_ROWS = 5_000;

const count = (value: unknown) =>
  typeof value === "number" && Number.isFinite(value) && value > 0 ? value : 0;
const latency = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? value : null);

function emptyRow(t: number): SeriesRow {
  return {
    t,
    requests: 0,
    errors: 0,
    successes: 0,
    rateLimited: 0,
    bandwidthBytes: 0,
    p50: null,
    p95: null,
    p99: null,
  };
}

/**
 * Rows sorted by time, one per bucket (a repeated bucket keeps its last value), with buckets
 * that have an unparseable start dropped. For minute and hour series, buckets missing between
 * the first and last are inserted as empty (zero counts, null latency). Day buckets follow the
 * time zone's calendar (23- or 25-hour days around DST), so they are not filled here.
 */
export function shapeTimeSeries(points: readonly TimeSeriesPoint[], granularity: Granularity): SeriesRow[] {
  const byTime = new Map<number, SeriesRow>();
  for (const point of points) {
    const t = Date.parse(point.bucket);
    if (Number.isNaN(t)) continue;
    const requests = count(point.requests);
    const errors = Math.min(count(point.errors), requests);
    byTime.set(t, {
      t,
      requests,
      errors,
      successes: requests - errors,
      rateLimited: count(point.rateLimited),
      bandwidthBytes: count(point.bandwidthBytes),
      p50: latency(point.p50),
      p95: latency(point.p95),
      p99: latency(point.p99),
    });
  }
  const rows = [...byTime.values()].sort((a, b) => a.t - b.t);
  if (granularity === "day" || rows.length < 2) return rows;

  const step = GRANULARITY_STEP_MS[granularity];
  const filled: SeriesRow[] = [];
  for (const row of rows) {
    const previous = filled.at(-1);
    if (previous) {
      for (let t = previous.t + step; t < row.t && filled.length < MAX_FILLED_ROWS; t += step) {
        filled.push(emptyRow(t));
      }
    }
    filled.push(row);
  }
  return filled;
}

export interface SeriesTotals {
  requests: number;
  errors: number;
  /** The busiest bucket, or null when nothing was requested. */
  peak: { t: number; requests: number } | null;
}

export function seriesTotals(rows: readonly SeriesRow[]): SeriesTotals {
  let requests = 0;
  let errors = 0;
  let peak: SeriesTotals["peak"] = null;
  for (const row of rows) {
    requests += row.requests;
    errors += row.errors;
    if (row.requests > 0 && (!peak || row.requests > peak.requests))
      peak = { t: row.t, requests: row.requests };
  }
  return { requests, errors, peak };
}

/** The sentence a screen reader hears for a requests chart (its `aria-label`). */
export function describeRequests(rows: readonly SeriesRow[], formatTime: (ms: number) => string): string {
  const totals = seriesTotals(rows);
  if (!totals.peak) return `No requests in the ${rows.length} time buckets shown.`;
  const first = rows[0];
  const last = rows.at(-1);
  const span = first && last ? ` from ${formatTime(first.t)} to ${formatTime(last.t)}` : "";
  return (
    `${formatCount(totals.requests)} requests${span}, ${formatCount(totals.errors)} of them errors. ` +
    `Busiest bucket: ${formatTime(totals.peak.t)} with ${formatCount(totals.peak.requests)} requests.`
  );
}

/** The sentence for a latency chart: the highest p50/p95/p99 seen. */
export function describeLatency(rows: readonly SeriesRow[], formatTime: (ms: number) => string): string {
  const max = (key: "p50" | "p95" | "p99") =>
    rows.reduce<number | null>((best, row) => {
      const value = row[key];
      return value !== null && (best === null || value > best) ? value : best;
    }, null);
  const p99 = max("p99");
  if (p99 === null) return "No latency data: no requests in the time buckets shown.";
  const first = rows[0];
  const last = rows.at(-1);
  const span = first && last ? ` from ${formatTime(first.t)} to ${formatTime(last.t)}` : "";
  return `Latency${span}. Highest p50 ${formatLatency(max("p50"))}, p95 ${formatLatency(max("p95"))}, p99 ${formatLatency(p99)}.`;
}
