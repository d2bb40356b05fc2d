// The platform analytics URL: the organization analytics' `?range=&from=&to=&granularity=`
// (lib/analytics-search.ts validates it the same way), without a key: the platform has none.
import { type AnalyticsSearch, parseAnalyticsSearch } from "../../lib/analytics-search.ts";

export type PlatformAnalyticsSearch = Omit<AnalyticsSearch, "keyId">;

export function parsePlatformAnalyticsSearch(input: unknown): PlatformAnalyticsSearch {
  const { keyId: _keyId, ...search } = parseAnalyticsSearch(input);
  return search;
}
