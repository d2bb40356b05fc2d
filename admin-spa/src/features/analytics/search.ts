// The analytics page's URL: `?range=1h|24h|7d|30d|custom&from=&to=&granularity=&keyId=`.
// Defaults (last 24 hours, automatic granularity, every key) are left out of the URL. A custom
// range needs both ends, `to` after `from`, and at most the API's 400 days; otherwise the page
// shows the default range instead of an error.
import { z } from "zod";
import {
  asSearchObject,
  compact,
  enumParam,
  instantParam,
  searchResult,
  textParam,
} from "../../lib/search-params.ts";
import type { AnalyticsRange, GranularityChoice } from "../../queries/analytics.ts";

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

/** A key id as the API hands them out (key_…, or any id up to the API's 64 characters). */
export const keyIdParam = textParam(64, /^[A-Za-z0-9_-]+$/);

const rawSchema = z.object({
  range: enumParam([...RANGE_PRESETS, "custom"]),
  from: instantParam,
  to: instantParam,
  granularity: enumParam(GRANULARITIES),
  keyId: keyIdParam,
});

export type AnalyticsSearch = {
  range?: RangePreset | "custom";
  from?: string;
  to?: string;
  granularity?: Exclude<GranularityChoice, "auto">;
  keyId?: string;
};

/** The validated search; anything invalid or redundant is dropped (the page then uses its default). */
export function parseAnalyticsSearch(input: unknown): AnalyticsSearch {
  const raw = rawSchema.parse(asSearchObject(input));
  const search: AnalyticsSearch = { keyId: raw.keyId };
  if (raw.granularity && raw.granularity !== "auto") search.granularity = raw.granularity;
  const customOk =
    raw.from !== undefined &&
    raw.to !== undefined &&
    Date.parse(raw.to) > Date.parse(raw.from) &&
    Date.parse(raw.to) - Date.parse(raw.from) <= MAX_RANGE_MS;
  // A range of "custom" without a usable from/to, or from/to without "custom", is the default.
  if ((raw.range === "custom" || raw.range === undefined) && customOk) {
    search.range = "custom";
    search.from = raw.from;
    search.to = raw.to;
  } else if (raw.range && raw.range !== "custom" && raw.range !== DEFAULT_PRESET) {
    search.range = raw.range;
  }
  return searchResult(rawSchema.shape, search);
}

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
export function resolveAnalyticsSearch(
  search: AnalyticsSearch,
  now: number,
  timeZone: string,
): ResolvedAnalytics {
  let from: number;
  let to: number;
  const preset = search.range ?? DEFAULT_PRESET;
  if (preset === "custom" && search.from && search.to) {
    from = Date.parse(search.from);
    to = Date.parse(search.to);
  } else {
    to = Math.ceil(now / 60_000) * 60_000;
    from = to - PRESET_MS[preset === "custom" ? DEFAULT_PRESET : preset];
  }
  const spanMs = to - from;
  const wanted = search.granularity ?? "auto";
  const granularity = allowedGranularities(spanMs).includes(wanted) ? wanted : "auto";
  return {
    preset: preset === "custom" && !(search.from && search.to) ? DEFAULT_PRESET : preset,
    range: compact({
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      timeZone,
      keyId: search.keyId,
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
