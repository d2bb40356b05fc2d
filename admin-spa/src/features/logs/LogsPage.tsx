// The request log: filters in the URL, keyset pagination (Newer/Older), live tail, a request
// detail drawer (`?requestId=`), and NDJSON/CSV export of everything the filters match.
import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { formatBytes, formatLatency, formatTimestamp } from "../../components/charts/format.ts";
import { KeysetPagination } from "../../components/KeysetPagination.tsx";
import { PagedTable, useLatest } from "../../components/PagedTable.tsx";
import { Button, type DataTableColumn, HttpStatusBadge } from "../../components/ui/index.ts";
import { keyChoicesQueryOptions } from "../../queries/keys.ts";
import {
  type LogFilters as Filters,
  type LogEntry,
  logExportUrl,
  logPageQueryOptions,
} from "../../queries/logs.ts";
import { useOrgId } from "../../queries/session.ts";
import { FailOpenBadge, LogDetail } from "./LogDetail.tsx";
import { LogFilters } from "./LogFilters.tsx";
import { hasLogFilters, type LogsSearch, logFiltersOf, newestPage } from "./search.ts";
import { useLiveTail } from "./useLiveTail.ts";
import "../../components/charts/dashboard.css";
import { browserTimeZone } from "../../lib/time-zone.ts";

function columns(
  timeZone: string,
  open: (id: string) => void,
  keyName: (id: string) => string | undefined,
): DataTableColumn<LogEntry>[] {
  return [
    {
      id: "time",
      header: `Time (${timeZone})`,
      cell: ({ row }) => (
        <button type="button" className="link-button" onClick={() => open(row.original.id)}>
          {formatTimestamp(row.original.createdAt, timeZone)}
          <span className="visually-hidden">
            : details of {row.original.method} {row.original.path}
          </span>
        </button>
      ),
    },
    {
      id: "method",
      header: "Method",
      cell: ({ row }) => <span className="mono">{row.original.method}</span>,
    },
    {
      id: "path",
      header: "Path",
      cell: ({ row }) => (
        <span className="mono truncate" title={row.original.path}>
          {row.original.path}
        </span>
      ),
    },
    {
      id: "status",
      header: "Status",
      cell: ({ row }) => (
        <span className="badge-row">
          <HttpStatusBadge status={row.original.status} />
          {row.original.failOpen ? <FailOpenBadge /> : null}
        </span>
      ),
    },
    {
      id: "latency",
      header: "Latency",
      cell: ({ row }) => <span className="numeric">{formatLatency(row.original.latencyMs)}</span>,
    },
    {
      id: "size",
      header: "Response",
      cell: ({ row }) => <span className="numeric">{formatBytes(row.original.responseBytes)}</span>,
    },
    { id: "error", header: "Error code", cell: ({ row }) => row.original.errorCode ?? "" },
    {
      id: "key",
      header: "Key",
      cell: ({ row }) => {
        const id = row.original.apiKeyId;
        if (!id) return "—";
        const name = keyName(id);
        return name ? <span title={id}>{name}</span> : <span className="mono">{id}</span>;
      },
    },
  ];
}

export function LogsPage({
  search,
  onSearchChange,
}: {
  search: LogsSearch;
  onSearchChange: (next: LogsSearch, options?: { replace?: boolean }) => void;
}) {
  const orgId = useOrgId();
  const timeZone = browserTimeZone();
  const filters: Filters = logFiltersOf(search);
  const [live, setLive] = useState(false);
  const page = useQuery({ ...logPageQueryOptions(orgId, filters, search.cursor), enabled: !live });
  const tail = useLiveTail(orgId, filters, live);
  const keyChoices = useQuery(keyChoicesQueryOptions(orgId));
  const keyNames = useMemo(
    () => new Map((keyChoices.data ?? []).map((key) => [key.id, key.name] as const)),
    [keyChoices.data],
  );
  const open = (requestId: string) => onSearchChange({ ...search, requestId });
  const rows = live ? tail.rows : (page.data?.data ?? []);
  const onFirstPage = !search.cursor;

  return (
    <div className="page-stack">
      <header className="page-header">
        <title>Request log · Edgegate</title>
        <h1>Request log</h1>
        <p className="muted">Every request through the gateway, newest first. Times in {timeZone}.</p>
      </header>

      <LogFilters
        key={JSON.stringify(filters)}
        orgId={orgId}
        search={search}
        onApply={(next) => onSearchChange(next)}
      />

      <div className="toolbar">
        <div className="toolbar-group">
          <Button
            variant={live ? "primary" : "secondary"}
            size="sm"
            aria-pressed={live}
            onClick={() => {
              if (!live && !onFirstPage) onSearchChange(newestPage(search));
              setLive(!live);
            }}
          >
            {live ? (
              <>
                <span className="live-dot" aria-hidden="true" />
                Live tail on
              </>
            ) : (
              "Live tail"
            )}
          </Button>
          <p className="muted small" aria-live="polite" role="status">
            {live ? (tail.paused ? "Paused while this tab is hidden." : tail.announcement) : ""}
          </p>
        </div>
        <div className="toolbar-group">
          <a className="button button-secondary button-sm" href={logExportUrl(filters, "csv")} download>
            Export CSV
          </a>
          <a className="button button-secondary button-sm" href={logExportUrl(filters, "ndjson")} download>
            Export NDJSON
          </a>
        </div>
      </div>
      {live && tail.gap ? (
        <p className="callout callout-warning small">
          More requests arrived between two refreshes than one page holds, so some are not shown here. Turn
          live tail off to page through all of them.
        </p>
      ) : null}

      <LogTable
        keyNames={keyNames}
        rows={rows}
        timeZone={timeZone}
        open={open}
        loading={live ? !tail.primed && !tail.error : page.isPending}
        error={live ? tail.error : page.isError && !page.data ? page.error : null}
        retry={() => void page.refetch()}
        busy={!live && page.isPlaceholderData}
        filtered={hasLogFilters(search)}
        live={live}
        footer={
          live ? null : (
            <KeysetPagination
              label="Request log pages"
              summary={
                rows.length > 0
                  ? `${rows.length} request${rows.length === 1 ? "" : "s"} on this page`
                  : undefined
              }
              search={search}
              nextCursor={page.data?.nextCursor}
              onSearchChange={onSearchChange}
            />
          )
        }
      />

      <LogDetail
        orgId={orgId}
        requestId={search.requestId}
        timeZone={timeZone}
        onClose={() => {
          const { requestId: _r, ...rest } = search;
          onSearchChange(rest, { replace: true });
        }}
      />
    </div>
  );
}

function LogTable({
  rows,
  timeZone,
  open,
  loading,
  error,
  retry,
  busy,
  filtered,
  live,
  footer,
  keyNames,
}: {
  keyNames: ReadonlyMap<string, string>;
  rows: LogEntry[];
  timeZone: string;
  open: (id: string) => void;
  loading: boolean;
  error: unknown;
  retry: () => void;
  busy: boolean;
  filtered: boolean;
  live: boolean;
  footer: React.ReactNode;
}) {
  const latest = useLatest({ open, keyNames });
  const tableColumns = useMemo(
    () =>
      columns(
        timeZone,
        (id) => latest.current.open(id),
        (id) => latest.current.keyNames.get(id),
      ),
    [timeZone, latest],
  );
  return (
    <PagedTable<LogEntry>
      caption="Requests, newest first"
      columns={tableColumns}
      rows={rows}
      getRowId={(row) => row.id}
      loading={loading}
      loadingLabel="Loading requests…"
      skeletonColumns={6}
      error={error}
      errorTitle="The request log could not be loaded"
      onRetry={retry}
      busy={busy}
      empty={{
        title: filtered
          ? "No requests match these filters"
          : live
            ? "Waiting for requests…"
            : "No requests logged yet",
        description: filtered
          ? "Widen the time range or clear some filters."
          : "Call the gateway with an API key: each request appears here a few seconds later, with its status, latency and size.",
      }}
      footer={footer}
    />
  );
}
