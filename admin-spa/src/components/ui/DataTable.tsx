// A server-driven table on TanStack Table (v9): the API sorts and paginates, the URL holds the
// sort and the cursor, and this renders accessible markup — a real <table> with a caption,
// aria-sort on sortable headers and a keyboard-operable button in each of them.
import {
  type CellData,
  type ColumnDef,
  functionalUpdate,
  type RowData,
  rowSortingFeature,
  type SortingState,
  tableFeatures,
  useTable,
} from "@tanstack/react-table";
import { type ReactNode, useId } from "react";
import "./data-table.css";

export const dataTableFeatures = tableFeatures({ rowSortingFeature });
export type DataTableFeatures = typeof dataTableFeatures;
export type DataTableColumn<TData extends RowData> = ColumnDef<DataTableFeatures, TData, CellData>;
export { createColumnHelper } from "@tanstack/react-table";
export type { SortingState };

/** `"-createdAt"` ⇄ `[{ id: "createdAt", desc: true }]`: the API's sort parameter as table state. */
export function sortingFromParam(sort: string | undefined): SortingState {
  if (!sort) return [];
  return sort.startsWith("-") ? [{ id: sort.slice(1), desc: true }] : [{ id: sort, desc: false }];
}

export function sortParamFrom(sorting: SortingState): string | undefined {
  const [first] = sorting;
  if (!first) return undefined;
  return first.desc ? `-${first.id}` : first.id;
}

export interface DataTableProps<TData extends RowData> {
  /** Names the table for assistive technology; shown unless `captionHidden`. */
  caption: string;
  captionHidden?: boolean;
  columns: readonly DataTableColumn<TData>[];
  data: readonly TData[];
  getRowId: (row: TData) => string;
  /** The server's sort, one column at a time. Omit for an unsortable table. */
  sorting?: SortingState;
  onSortingChange?: (next: SortingState) => void;
  /** Shown under the table: usually `<CursorPagination>`. */
  footer?: ReactNode;
  /** A refetch is running (new page or sort): the old rows stay, dimmed, with aria-busy. */
  busy?: boolean;
}

const NO_SORTING: SortingState = [];

function ariaSort(direction: false | "asc" | "desc"): "ascending" | "descending" | "none" {
  if (direction === "asc") return "ascending";
  if (direction === "desc") return "descending";
  return "none";
}

export function DataTable<TData extends RowData>({
  caption,
  captionHidden = false,
  columns,
  data,
  getRowId,
  sorting = NO_SORTING,
  onSortingChange,
  footer,
  busy = false,
}: DataTableProps<TData>) {
  const captionId = useId();
  const table = useTable({
    features: dataTableFeatures,
    columns: columns as DataTableColumn<TData>[],
    data: data as TData[],
    getRowId: (row) => getRowId(row),
    manualSorting: true,
    enableMultiSort: false,
    enableSorting: onSortingChange !== undefined,
    state: { sorting },
    onSortingChange: (updater) => onSortingChange?.(functionalUpdate(updater, sorting)),
  });

  return (
    <div className="data-table">
      {/* A region that may scroll sideways must be reachable by keyboard to be scrolled (WCAG 2.1.1). */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a focusable scroll region is the documented fix */}
      <section className="table-scroll" aria-labelledby={captionId} tabIndex={0}>
        <table className={busy ? "is-busy" : undefined} aria-busy={busy || undefined}>
          <caption id={captionId} className={captionHidden ? "visually-hidden" : "table-caption"}>
            {caption}
          </caption>
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const column = header.column;
                  const canSort = column.getCanSort();
                  const direction = column.getIsSorted();
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      // col-<id> on every cell of a column, so a page's sheet can size or hide it.
                      className={`col-${column.id}`}
                      aria-sort={canSort ? ariaSort(direction) : undefined}
                    >
                      {header.isPlaceholder ? null : canSort ? (
                        <button
                          type="button"
                          className="sort-button"
                          onClick={column.getToggleSortingHandler()}
                        >
                          <table.FlexRender header={header} />
                          <span className="sort-icon" aria-hidden="true">
                            {direction === "asc" ? "▲" : direction === "desc" ? "▼" : "↕"}
                          </span>
                        </button>
                      ) : (
                        <table.FlexRender header={header} />
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.map((row) => (
              <tr key={row.id}>
                {row.getAllCells().map((cell) => (
                  <td key={cell.id} className={`col-${cell.column.id}`}>
                    <table.FlexRender cell={cell} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {footer}
    </div>
  );
}

/**
 * Keyset pagination controls. The API gives a `nextCursor`; going back uses the cursors already
 * seen (kept in the URL by the page), so every page is a shareable link.
 */
export function CursorPagination({
  label,
  onFirst,
  onPrevious,
  onNext,
  hasPrevious,
  hasNext,
  summary,
  names = { first: "First page", previous: "Previous page", next: "Next page" },
}: {
  /** e.g. "API keys pages" — names the navigation landmark. */
  label: string;
  /** The buttons' names; time-ordered lists say Newest / Newer / Older. */
  names?: { first: string; previous: string; next: string };
  onFirst?: () => void;
  onPrevious: () => void;
  onNext: () => void;
  hasPrevious: boolean;
  hasNext: boolean;
  summary?: ReactNode;
}) {
  return (
    <nav className="pagination" aria-label={label}>
      {summary ? <p className="muted small">{summary}</p> : <span />}
      <div className="pagination-buttons">
        {onFirst ? (
          <button
            type="button"
            className="button button-secondary button-sm"
            onClick={onFirst}
            disabled={!hasPrevious}
          >
            {names.first}
          </button>
        ) : null}
        <button
          type="button"
          className="button button-secondary button-sm"
          onClick={onPrevious}
          disabled={!hasPrevious}
        >
          {names.previous}
        </button>
        <button
          type="button"
          className="button button-secondary button-sm"
          onClick={onNext}
          disabled={!hasNext}
        >
          {names.next}
        </button>
      </div>
    </nav>
  );
}
