// First / Previous / Next for every keyset-paged list (API keys; request, audit and webhook
// delivery logs, whose buttons say Newest / Newer / Older): the shared CursorPagination, moving the
// pages kept in the URL (`cursor`, `prev`) with the helpers in lib/search-params.ts.
import type { ReactNode } from "react";
import { newerPage, newestPage, olderPage } from "../lib/search-params.ts";
import { CursorPagination } from "./ui/index.ts";

interface Paged {
  cursor?: string | undefined;
  prev?: string[] | undefined;
}

/** The buttons' names for a list ordered newest first. */
export const TIME_ORDERED_NAMES = { first: "Newest", previous: "Newer", next: "Older" };

export function KeysetPagination<S extends Paged>({
  label,
  summary,
  search,
  nextCursor,
  onSearchChange,
  names = TIME_ORDERED_NAMES,
}: {
  /** Names the navigation landmark, e.g. "Audit log pages". */
  label: string;
  summary?: ReactNode;
  search: S;
  /** The cursor of the next page; none on the last page. */
  nextCursor: string | null | undefined;
  onSearchChange: (search: S) => void;
  /** The buttons' names; a list in another order says e.g. First page / Previous page / Next page. */
  names?: { first: string; previous: string; next: string };
}) {
  return (
    <CursorPagination
      label={label}
      summary={summary}
      names={names}
      hasPrevious={Boolean(search.cursor)}
      hasNext={Boolean(nextCursor)}
      onFirst={() => onSearchChange(newestPage(search))}
      onPrevious={() => onSearchChange(newerPage(search))}
      onNext={() => nextCursor && onSearchChange(olderPage(search, nextCursor))}
    />
  );
}
