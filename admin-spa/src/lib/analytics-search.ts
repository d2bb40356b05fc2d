// The analytics pages' URL (the organization's and the operator console's): `?range=1h|24h|7d|30d|custom&from=&to=&granularity=&keyId=`.
// Defaults (last 24 hours, automatic granularity, every key) are left out of the URL. A custom
// range needs both ends, `to` after `from`, and at most the API's 400 days; otherwise the page
// shows the default range instead of an error.
import { z } from "zod";
import {
  type AnalyticsView,
  DEFAULT_PRESET,
  GRANULARITIES,
  MAX_RANGE_MS,
  RANGE_PRESETS,
} from "./analytics-range.ts";
import { asSearchObject, enumParam, instantParam, keyIdParam, searchResult } from "./search-params.ts";

const rawSchema = z.object({
  range: enumParam([...RANGE_PRESETS, "custom"]),
  from: instantParam,
  to: instantParam,
  granularity: enumParam(GRANULARITIES),
  keyId: keyIdParam,
});

export type AnalyticsSearch = AnalyticsView;

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
