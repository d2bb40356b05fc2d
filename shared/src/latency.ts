// The fixed latency histogram, defined once: the gateway's events are bucketed by the consumer
// into these upper bounds (ms, log-scale), and analytics merge histograms across any range to
// compute p50/p95/p99. A value above the last bound lands in the overflow bucket.
export const LATENCY_BUCKET_BOUNDS_MS = [
  1, 2, 3, 5, 7, 10, 15, 20, 30, 50, 70, 100, 150, 200, 300, 500, 700, 1_000, 1_500, 2_000, 3_000, 5_000,
  7_000, 10_000, 15_000, 20_000, 30_000, 60_000,
] as const;

/** Number of histogram slots: one per bound plus the overflow bucket. */
export const LATENCY_BUCKET_COUNT = LATENCY_BUCKET_BOUNDS_MS.length + 1;

export function latencyBucketIndex(latencyMs: number): number {
  for (let i = 0; i < LATENCY_BUCKET_BOUNDS_MS.length; i++) {
    if (latencyMs <= (LATENCY_BUCKET_BOUNDS_MS[i] as number)) return i;
  }
  return LATENCY_BUCKET_BOUNDS_MS.length;
}
