// The isolate's bounded caches (key records, the local limiter's state). lru-cache's `max`
// allocates its arrays for every entry up front — about 1 ms per 10,000 entries, paid by a fresh
// isolate at start-up or on its first request, for caches that mostly hold a handful of keys.
// Counting each entry as size 1 against `maxSize` keeps the same bound (and the same eviction,
// least recently used first) with arrays that grow as the cache fills.
import { LRUCache } from "lru-cache";

export function boundedCache<K extends {}, V extends {}>(
  maxEntries: number,
  options: Pick<LRUCache.Options<K, V, unknown>, "ttl"> = {},
): LRUCache<K, V> {
  return new LRUCache<K, V>({ maxSize: maxEntries, sizeCalculation: () => 1, ...options });
}
