// The table both audit logs draw (the organization's and the operators' platform log): the time,
// action and change columns they share, the page's loading/error/empty states, and the keyset
// pages kept in the URL. Each log adds its own columns (who, what) and filters.
import type { UseQueryResult } from "@tanstack/react-query";
import { AuditChanges } from "./AuditChanges.tsx";
import { formatTimestamp } from "./charts/format.ts";
import { KeysetPagination } from "./KeysetPagination.tsx";
import { PagedTable } from "./PagedTable.tsx";
import { Badge, type DataTableColumn } from "./ui/index.ts";
import "./charts/dashboard.css";

type AuditRow = Parameters<typeof AuditChanges>[0]["entry"] & { id: string; createdAt: string };

/** Time, who, action, what (the log's own columns), changes. */
export function auditColumns<T extends AuditRow>(
  timeZone: string,
  who: DataTableColumn<T>,
  what: DataTableColumn<T>[],
): DataTableColumn<T>[] {
  return [
    {
      id: "time",
      header: `Time (${timeZone})`,
      cell: ({ row }) => <span className="numeric">{formatTimestamp(row.original.createdAt, timeZone)}</span>,
    },
    who,
    {
      id: "action",
      header: "Action",
      cell: ({ row }) => <Badge tone="neutral">{row.original.action}</Badge>,
    },
    ...what,
    { id: "changes", header: "Changes", cell: ({ row }) => <AuditChanges entry={row.original} /> },
  ];
}

export function AuditLogTable<T extends AuditRow, S extends { cursor?: string; prev?: string[] }>({
  name,
  columns,
  page,
  filtered,
  emptyTitle,
  emptyDescription,
  search,
  onSearchChange,
}: {
  /** "Audit log" or "Platform audit log": the caption, messages and pagination label. */
  name: string;
  columns: DataTableColumn<T>[];
  page: UseQueryResult<{ data: T[]; nextCursor: string | null }>;
  filtered: boolean;
  /** Shown when nothing is recorded at all (no filters). */
  emptyTitle: string;
  emptyDescription: string;
  search: S;
  onSearchChange: (next: S) => void;
}) {
  const lower = name.toLowerCase();
  return (
    <PagedTable<T>
      caption={`${name} entries, newest first`}
      columns={columns}
      rows={page.data?.data ?? []}
      getRowId={(row) => row.id}
      loading={page.isPending}
      loadingLabel={`Loading the ${lower}…`}
      skeletonColumns={5}
      error={page.data ? null : page.error}
      errorTitle={`The ${lower} could not be loaded`}
      onRetry={() => void page.refetch()}
      retrying={page.isFetching}
      busy={page.isPlaceholderData}
      empty={
        filtered
          ? {
              title: "No entries match these filters",
              description: "Clear some filters or pick another action.",
            }
          : { title: emptyTitle, description: emptyDescription }
      }
      footer={
        <KeysetPagination
          label={`${name} pages`}
          search={search}
          nextCursor={page.data?.nextCursor ?? null}
          onSearchChange={onSearchChange}
        />
      }
    />
  );
}
