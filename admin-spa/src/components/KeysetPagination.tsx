// Newest / Newer / Older for the time-ordered, keyset-paged lists (request, audit and webhook
// delivery logs): the shared CursorPagination, moving the pages kept in the URL (`cursor`, `prev`)
// with the helpers in lib/search-params.ts.
import type { ReactNode } from "react";
import { newerPage, newestPage, olderPage } from "../lib/search-params.ts";
import { CursorPagination } from "./ui/index.ts";

interface Paged {
  cursor?: string | undefined;
  prev?: string[] | undefined;
}

const NAMES = { first: "Newest", previous: "Newer", next: "Older" };

export function KeysetPagination<S extends Paged>({
  label,
  summary,
  search,
  nextCursor,
  onSearchChange,
}: {
  /** Names the navigation landmark, e.g. "Audit log pages". */
  label: string;
  summary?: ReactNode;
  search: S;
  /** The cursor of the next (older) page; none on the last page. */
  nextCursor: string | null | undefined;
  onSearchChange: (search: S) => void;
}) {
  return (
    <CursorPagination
      label={label}
      summary={summary}
      names={NAMES}
      hasPrevious={Boolean(search.cursor)}
      hasNext={Boolean(nextCursor)}
      onFirst={() => onSearchChange(newestPage(search))}
      onPrevious={() => onSearchChange(newerPage(search))}
      onNext={() => nextCursor && onSearchChange(olderPage(search, nextCursor))}
    />
  );
}
