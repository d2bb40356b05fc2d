// The API keys table: columns, formatting, and the per-row actions.
import { Link } from "@tanstack/react-router";
import { StatusBadge } from "../../components/ui/Badge.tsx";
import {
  createColumnHelper,
  DataTable,
  type DataTableColumn,
  type DataTableFeatures,
  type SortingState,
} from "../../components/ui/DataTable.tsx";
import type { ApiKey } from "../../queries/keys.ts";
import { KeyActionButtons, type useKeyActionDialogs } from "./KeyActions.tsx";

const column = createColumnHelper<DataTableFeatures, ApiKey>();

export function formatDate(iso: string | null, fallback: string): string {
  if (!iso) return fallback;
  return new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** The date in the table (the time is in the tooltip and on the key's page). */
function DateCell({ iso, fallback }: { iso: string | null; fallback: string }) {
  if (!iso) return <span className="muted">{fallback}</span>;
  return (
    <time dateTime={iso} title={formatDate(iso, fallback)} className="nowrap">
      {new Date(iso).toLocaleDateString(undefined, { dateStyle: "medium" })}
    </time>
  );
}

export function scopesSummary(scopes: readonly string[]): string {
  if (scopes.length <= 3) return scopes.join(", ");
  return `${scopes.slice(0, 3).join(", ")} +${scopes.length - 3} more`;
}

function buildColumns(
  actions: ReturnType<typeof useKeyActionDialogs>,
  canWrite: boolean,
): DataTableColumn<ApiKey>[] {
  const columns: DataTableColumn<ApiKey>[] = [
    column.accessor("name", {
      header: "Name",
      enableSorting: true,
      // The prefix under the name: what a user matches against a key in a config file.
      cell: (info) => (
        <span className="key-name">
          <Link to="/keys/$keyId" params={{ keyId: info.row.original.id }} className="strong-link">
            {info.getValue()}
          </Link>
          <code className="muted">{info.row.original.displayPrefix}…</code>
        </span>
      ),
    }) as DataTableColumn<ApiKey>,
    column.accessor("status", {
      header: "Status",
      enableSorting: false,
      cell: (info) => <StatusBadge status={info.getValue()} />,
    }) as DataTableColumn<ApiKey>,
    column.accessor("scopes", {
      header: "Scopes",
      enableSorting: false,
      cell: (info) => <span title={info.getValue().join(", ")}>{scopesSummary(info.getValue())}</span>,
    }) as DataTableColumn<ApiKey>,
    column.accessor("rateLimitPerMinute", {
      header: "Rate limit",
      enableSorting: false,
      cell: (info) => {
        const value = info.getValue();
        return value === null ? <span className="muted">Plan default</span> : `${value.toLocaleString()}/min`;
      },
    }) as DataTableColumn<ApiKey>,
    column.accessor("createdAt", {
      header: "Created",
      enableSorting: true,
      sortDescFirst: true,
      cell: (info) => <DateCell iso={info.getValue()} fallback="—" />,
    }) as DataTableColumn<ApiKey>,
    column.accessor("lastUsedAt", {
      header: "Last used",
      enableSorting: false,
      cell: (info) => <DateCell iso={info.getValue()} fallback="Never" />,
    }) as DataTableColumn<ApiKey>,
    column.accessor("expiresAt", {
      header: "Expires",
      enableSorting: false,
      cell: (info) => <DateCell iso={info.getValue()} fallback="Never" />,
    }) as DataTableColumn<ApiKey>,
  ];
  if (canWrite) {
    columns.push(
      column.display({
        id: "actions",
        header: () => <span className="visually-hidden">Actions</span>,
        cell: (info) => (
          <KeyActionButtons apiKey={info.row.original} actions={actions} canWrite={canWrite} layout="menu" />
        ),
      }) as DataTableColumn<ApiKey>,
    );
  }
  return columns;
}

export function KeysTable({
  keys,
  sorting,
  onSortingChange,
  actions,
  canWrite,
  busy,
  footer,
}: {
  keys: readonly ApiKey[];
  sorting: SortingState;
  onSortingChange: (next: SortingState) => void;
  actions: ReturnType<typeof useKeyActionDialogs>;
  canWrite: boolean;
  busy: boolean;
  footer: React.ReactNode;
}) {
  return (
    <div className="keys-table">
      <DataTable
        caption="API keys"
        captionHidden
        columns={buildColumns(actions, canWrite)}
        data={keys}
        getRowId={(key) => key.id}
        sorting={sorting}
        onSortingChange={onSortingChange}
        busy={busy}
        footer={footer}
      />
    </div>
  );
}
