// A paged list as a table (requests, webhook deliveries, audit logs, customers): its skeleton, its error with
// Retry, its empty state, else the rows with the page buttons beneath. Earlier rows stay on screen
// (dimmed, busy) while the next page loads.

import type { RowData } from "@tanstack/react-table";
import { type ReactNode, useRef } from "react";
import {
  DataTable,
  type DataTableColumn,
  EmptyState,
  ErrorState,
  SkeletonTable,
  type SortingState,
} from "./ui/index.ts";

export function PagedTable<Row extends RowData>({
  caption,
  columns,
  rows,
  getRowId,
  loading,
  loadingLabel,
  skeletonColumns,
  error,
  errorTitle,
  onRetry,
  retrying,
  busy,
  empty,
  footer,
  sorting,
  onSortingChange,
}: {
  /** Read by screen readers; the page's heading says it to everyone else. */
  caption: string;
  columns: DataTableColumn<Row>[];
  rows: Row[];
  getRowId: (row: Row) => string;
  loading: boolean;
  loadingLabel: string;
  skeletonColumns: number;
  /** The failure to show instead of the rows; null or undefined when there is none. */
  error: unknown;
  errorTitle: string;
  onRetry: () => void;
  retrying?: boolean;
  busy: boolean;
  /** What an empty page says (and offers, e.g. "Clear filters"); null shows the empty table. */
  empty: { title: string; description: ReactNode; action?: ReactNode } | null;
  footer: ReactNode;
  /** Server-side sorting, for tables whose columns sort (the rest leave both out). */
  sorting?: SortingState;
  onSortingChange?: (next: SortingState) => void;
}) {
  if (error)
    return <ErrorState error={error} title={errorTitle} onRetry={onRetry} retrying={retrying ?? false} />;
  if (loading) return <SkeletonTable rows={8} columns={skeletonColumns} label={loadingLabel} />;
  if (rows.length === 0 && empty) {
    return <EmptyState title={empty.title} description={empty.description} action={empty.action} />;
  }
  return (
    <DataTable<Row>
      caption={caption}
      captionHidden
      columns={columns}
      data={rows}
      getRowId={getRowId}
      busy={busy}
      footer={footer}
      {...(sorting ? { sorting } : {})}
      {...(onSortingChange ? { onSortingChange } : {})}
    />
  );
}

/**
 * The latest value in a ref, for cell renderers built once: a new cell function on every render
 * would remount each row's button, and a drawer could not give focus back to the one that opened it.
 */
export function useLatest<T>(value: T): { readonly current: T } {
  const ref = useRef(value);
  ref.current = value;
  return ref;
}
