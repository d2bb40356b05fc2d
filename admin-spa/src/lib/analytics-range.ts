// The analytics time window: range presets, the API's limits, and the rule that turns a preset or
// a custom range into the absolute from/to and granularity the API reads. The analytics page's
// URL, the overview (always the last 24 hours) and the loaders all resolve ranges with it.

import type { AnalyticsRange, GranularityChoice } from "../queries/analytics.ts";
import { compact } from "./search-params.ts";

export const RANGE_PRESETS = ["1h", "24h", "7d", "30d"] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];
export const DEFAULT_PRESET: RangePreset = "24h";

export const PRESET_LABELS: Record<RangePreset | "custom", string> = {
  "1h": "Last hour",
  "24h": "Last 24 hours",
  "7d": "Last 7 days",
  "30d": "Last 30 days",
  custom: "Custom range",
};

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
export const PRESET_MS: Record<RangePreset, number> = {
  "1h": HOUR_MS,
  "24h": DAY_MS,
  "7d": 7 * DAY_MS,
  "30d": 30 * DAY_MS,
};
/** The API's limits (gateway-worker/src/services/analytics/schemas.ts). */
export const MAX_RANGE_MS = 400 * DAY_MS;
export const MAX_SERIES_BUCKETS = 1_500;

export const GRANULARITIES = ["auto", "minute", "hour", "day"] as const;
const GRANULARITY_MS = { minute: 60_000, hour: HOUR_MS, day: DAY_MS } as const;

/** A chosen view: a preset or a custom range, a granularity, a key (all optional). */
export type AnalyticsView = {
  range?: RangePreset | "custom";
  from?: string;
  to?: string;
  granularity?: Exclude<GranularityChoice, "auto">;
  keyId?: string;
};

/** Granularities the API accepts for a span (at most 1,500 buckets); "auto" always. */
export function allowedGranularities(spanMs: number): readonly GranularityChoice[] {
  return GRANULARITIES.filter(
    (granularity) => granularity === "auto" || spanMs / GRANULARITY_MS[granularity] <= MAX_SERIES_BUCKETS,
  );
}

export interface ResolvedAnalytics {
  preset: RangePreset | "custom";
  range: AnalyticsRange;
  granularity: GranularityChoice;
  spanMs: number;
}

/**
 * Absolute from/to for the API. A preset ends at the next whole minute after `now`, so every
 * query made within the same minute has the same range (and shares its cache entries); the
 * rollups have minute resolution anyway.
 */
export function resolveAnalyticsView(view: AnalyticsView, now: number, timeZone: string): ResolvedAnalytics {
  let from: number;
  let to: number;
  const preset = view.range ?? DEFAULT_PRESET;
  if (preset === "custom" && view.from && view.to) {
    from = Date.parse(view.from);
    to = Date.parse(view.to);
  } else {
    to = Math.ceil(now / 60_000) * 60_000;
    from = to - PRESET_MS[preset === "custom" ? DEFAULT_PRESET : preset];
  }
  const spanMs = to - from;
  const wanted = view.granularity ?? "auto";
  const granularity = allowedGranularities(spanMs).includes(wanted) ? wanted : "auto";
  return {
    preset: preset === "custom" && !(view.from && view.to) ? DEFAULT_PRESET : preset,
    range: compact({
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      timeZone,
      keyId: view.keyId,
    }),
    granularity,
    spanMs,
  };
}

/** The same granularity rule the API applies for "auto" (minutes ≤ 6 h, hours ≤ 7 d, else days). */
export function autoGranularity(spanMs: number): "minute" | "hour" | "day" {
  if (spanMs <= 6 * HOUR_MS) return "minute";
  if (spanMs <= 7 * DAY_MS) return "hour";
  return "day";
}
