// The keys pages' URLs. /keys?q=&status=&sort=&cursor=&prev= — the search, status filter, sort and
// keyset page (`prev`: the cursors of the pages before this one, so Previous works from a shared
// link too); /keys/<id>?range= — the usage window. Invalid values are dropped, and defaults
// (newest first, a 7-day window) are left out of the URL.
import { z } from "zod";
import {
  asSearchObject,
  cursorParam,
  enumParam,
  prevCursorsParam,
  searchResult,
  textParam,
} from "../../lib/search-params.ts";
import {
  KEY_SORTS,
  KEY_STATUSES,
  type KeyFilters,
  USAGE_RANGES,
  type UsageRange,
} from "../../queries/keys.ts";

export const DEFAULT_KEY_SORT = "-createdAt" satisfies KeyFilters["sort"];
export const DEFAULT_USAGE_RANGE: UsageRange = "7d";

const keysSchema = z.object({
  q: textParam(100),
  status: enumParam(KEY_STATUSES),
  sort: enumParam(KEY_SORTS),
  cursor: cursorParam,
  prev: prevCursorsParam,
});

export type KeysSearch = Partial<KeyFilters> & { cursor?: string; prev?: string[] };

export function parseKeysSearch(input: unknown): KeysSearch {
  const raw = keysSchema.parse(asSearchObject(input));
  return searchResult(keysSchema.shape, {
    ...raw,
    sort: raw.sort === DEFAULT_KEY_SORT ? undefined : raw.sort,
    // Only meaningful on a page after the first.
    prev: raw.cursor ? raw.prev : undefined,
  });
}

/** The filters the API takes (everything but the page cursors), the default sort filled in. */
export function keyFiltersOf(search: KeysSearch): KeyFilters {
  return { q: search.q, status: search.status, sort: search.sort ?? DEFAULT_KEY_SORT };
}

const keySchema = z.object({ range: enumParam(USAGE_RANGES) });

export type KeySearch = { range?: UsageRange };

export function parseKeySearch(input: unknown): KeySearch {
  const raw = keySchema.parse(asSearchObject(input));
  return searchResult(keySchema.shape, { range: raw.range === DEFAULT_USAGE_RANGE ? undefined : raw.range });
}
