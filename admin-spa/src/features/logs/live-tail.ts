// Live tail: while it is on, the newest page is fetched every 2 seconds and merged into the rows
// already shown. Pages overlap (the same request appears in consecutive polls), so rows are
// deduplicated by request id; the list stays newest first and bounded.
export const LIVE_TAIL_INTERVAL_MS = 2_000;
/** Rows kept on screen while tailing; older ones drop off the bottom. */
export const LIVE_TAIL_MAX_ROWS = 500;

interface Row {
  id: string;
  createdAt: string;
}

export interface MergeResult<T extends Row> {
  rows: T[];
  /** Rows that were not shown before, newest first. */
  added: T[];
  /**
   * The poll returned a full page that shares no row with what was shown: more requests arrived
   * between two polls than one page holds, so some in between are missing from the list.
   */
  gap: boolean;
}

/** Newest first: by time, then by request id (UUIDv7, so time-ordered too) for equal times. */
function newestFirst(a: Row, b: Row): number {
  const byTime = Date.parse(b.createdAt) - Date.parse(a.createdAt);
  if (byTime !== 0 && !Number.isNaN(byTime)) return byTime;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

export function mergeNewest<T extends Row>(
  shown: readonly T[],
  incoming: readonly T[],
  pageSize: number,
  max = LIVE_TAIL_MAX_ROWS,
): MergeResult<T> {
  const known = new Set(shown.map((row) => row.id.toLowerCase()));
  const added: T[] = [];
  const seen = new Set<string>();
  for (const row of incoming) {
    const id = row.id.toLowerCase();
    if (known.has(id) || seen.has(id)) continue;
    seen.add(id);
    added.push(row);
  }
  added.sort(newestFirst);
  const overlaps = incoming.some((row) => known.has(row.id.toLowerCase()));
  const gap = shown.length > 0 && incoming.length >= pageSize && !overlaps;
  if (added.length === 0) return { rows: [...shown], added, gap };
  const rows = [...added, ...shown].sort(newestFirst).slice(0, max);
  return { rows, added, gap };
}

/** What the polite live region says after a poll; "" (say nothing) when nothing arrived. */
export function announceNew(count: number): string {
  if (count <= 0) return "";
  return count === 1 ? "1 new request" : `${count} new requests`;
}
