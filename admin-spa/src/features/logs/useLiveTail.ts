// Live tail: polls the newest page every 2 s while on and the tab is visible (TanStack Query
// skips interval refetches in a hidden tab), merges new rows on top, and says how many arrived.
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState, useSyncExternalStore } from "react";
import { LOG_PAGE_SIZE, type LogEntry, type LogFilters, logPageQueryOptions } from "../../queries/logs.ts";
import { announceNew, LIVE_TAIL_INTERVAL_MS, mergeNewest } from "./live-tail.ts";

function subscribeVisibility(onChange: () => void) {
  document.addEventListener("visibilitychange", onChange);
  return () => document.removeEventListener("visibilitychange", onChange);
}

export function usePageVisible(): boolean {
  return useSyncExternalStore(
    subscribeVisibility,
    () => document.visibilityState === "visible",
    () => true,
  );
}

export interface LiveTail {
  rows: LogEntry[];
  /** For the polite live region: "3 new requests", or "". */
  announcement: string;
  /** More arrived between two polls than a page holds. */
  gap: boolean;
  /** The first poll has answered (an empty list then means "nothing yet", not "loading"). */
  primed: boolean;
  paused: boolean;
  error: unknown;
}

interface TailState {
  /** Which tail this is: turning it on again or changing filters starts a new one. */
  session: string;
  rows: LogEntry[];
  announcement: string;
  gap: boolean;
  primed: boolean;
}

const fresh = (session: string): TailState => ({
  session,
  rows: [],
  announcement: "",
  gap: false,
  primed: false,
});

export function useLiveTail(orgId: string, filters: LogFilters, enabled: boolean): LiveTail {
  const visible = usePageVisible();
  const session = enabled ? `${orgId}:${JSON.stringify(filters)}` : "";
  const query = useQuery({
    ...logPageQueryOptions(orgId, filters, undefined, LOG_PAGE_SIZE),
    enabled,
    staleTime: 0,
    refetchInterval: enabled ? LIVE_TAIL_INTERVAL_MS : false,
    refetchIntervalInBackground: false,
    placeholderData: undefined,
  });
  const [state, setState] = useState<TailState>(() => fresh(session));
  // Adjusting state while rendering (React's documented pattern) resets a stale tail at once.
  const current = state.session === session ? state : fresh(session);
  if (current !== state) setState(current);

  const page = query.data;
  const updatedAt = query.dataUpdatedAt;
  useEffect(() => {
    if (!enabled || !page || updatedAt === 0) return;
    setState((previous) => {
      const base = previous.session === session ? previous : fresh(session);
      const merged = mergeNewest(base.rows, page.data, LOG_PAGE_SIZE);
      return {
        session,
        rows: merged.rows,
        // The first answer fills the list silently; later ones are announced.
        announcement: base.primed ? announceNew(merged.added.length) : "",
        gap: base.gap || (base.primed && merged.gap),
        primed: true,
      };
    });
  }, [enabled, page, updatedAt, session]);

  return {
    rows: current.rows,
    announcement: current.announcement,
    gap: current.gap,
    primed: current.primed,
    paused: enabled && !visible,
    error: query.isError ? query.error : null,
  };
}
