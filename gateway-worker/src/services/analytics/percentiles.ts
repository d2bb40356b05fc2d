// Percentiles from a merged latency histogram (shared/src/latency.ts bounds). The value is
// interpolated linearly inside the bucket holding the requested rank, so it always lies in the
// same bucket as the exact percentile: the error is below that bucket's width.
import { LATENCY_BUCKET_BOUNDS_MS } from "@edgegate/shared/latency";

const bounds: readonly number[] = LATENCY_BUCKET_BOUNDS_MS;

/** [lower, upper] of slot i; the overflow slot reports its lower bound (its width is unknown). */
export function bucketRange(i: number): [number, number] {
  const lower = i === 0 ? 0 : (bounds[i - 1] as number);
  const upper = i < bounds.length ? (bounds[i] as number) : lower;
  return [lower, upper];
}

/** The q-quantile (0 < q ≤ 1) in ms, or null for an empty histogram. Nearest-rank definition. */
export function histogramPercentile(histogram: readonly number[], q: number): number | null {
  const total = histogram.reduce((sum, n) => sum + n, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (let i = 0; i < histogram.length; i++) {
    const count = histogram[i] ?? 0;
    if (count > 0 && seen + count >= rank) {
      const [lower, upper] = bucketRange(i);
      return Math.round((lower + ((upper - lower) * (rank - seen)) / count) * 100) / 100;
    }
    seen += count;
  }
  return bucketRange(histogram.length - 1)[0];
}

export interface LatencyPercentiles {
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export function latencyPercentiles(histogram: readonly number[]): LatencyPercentiles {
  return {
    p50: histogramPercentile(histogram, 0.5),
    p95: histogramPercentile(histogram, 0.95),
    p99: histogramPercentile(histogram, 0.99),
  };
}
