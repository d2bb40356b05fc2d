// The delivery log: one row per event sent to an endpoint, newest first, keyset pages in the URL;
// the time opens the delivery's drawer. Pending rows refresh on their own (see the query options).
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { formatTimestamp } from "../../components/charts/format.ts";
import { KeysetPagination } from "../../components/KeysetPagination.tsx";
import { PagedTable, useLatest } from "../../components/PagedTable.tsx";
import { Button, type DataTableColumn } from "../../components/ui/index.ts";
import { deliveryPageQueryOptions, type WebhookDelivery } from "../../queries/webhooks.ts";
import { DeliveryStatusBadge, outcomeText } from "./DeliveryStatus.tsx";
import { deliveryFiltersOf, hasDeliveryFilters, type WebhooksSearch, withDeliveryFilters } from "./search.ts";

function columns(
  timeZone: string,
  open: (id: string) => void,
  endpointUrl: (id: string) => string | undefined,
): DataTableColumn<WebhookDelivery>[] {
  return [
    {
      id: "time",
      header: `Created (${timeZone})`,
      cell: ({ row }) => (
        <button type="button" className="link-button nowrap" onClick={() => open(row.original.id)}>
          {formatTimestamp(row.original.createdAt, timeZone)}
          <span className="visually-hidden">: details of the {row.original.eventType} delivery</span>
        </button>
      ),
    },
    {
      id: "eventType",
      header: "Event type",
      cell: ({ row }) => <span className="mono">{row.original.eventType}</span>,
    },
    {
      id: "endpoint",
      header: "Endpoint",
      cell: ({ row }) => {
        const url = endpointUrl(row.original.endpointId);
        return (
          <span className="mono truncate delivery-endpoint" title={url ?? row.original.endpointId}>
            {url ?? row.original.endpointId}
          </span>
        );
      },
    },
    {
      id: "status",
      header: "Status",
      cell: ({ row }) => <DeliveryStatusBadge status={row.original.status} />,
    },
    {
      id: "attempts",
      header: "Attempts",
      cell: ({ row }) => <span className="numeric">{row.original.attempts}</span>,
    },
    {
      id: "response",
      header: "Last answer",
      cell: ({ row }) =>
        row.original.attempts === 0 ? (
          <span className="muted">Not sent yet</span>
        ) : (
          <span title={row.original.lastError ?? undefined}>{outcomeText(row.original)}</span>
        ),
    },
  ];
}

export function DeliveryLog({
  orgId,
  search,
  timeZone,
  endpointUrls,
  onSearchChange,
}: {
  orgId: string;
  search: WebhooksSearch;
  timeZone: string;
  endpointUrls: ReadonlyMap<string, string>;
  onSearchChange: (next: WebhooksSearch, options?: { replace?: boolean }) => void;
}) {
  const page = useQuery(deliveryPageQueryOptions(orgId, deliveryFiltersOf(search), search.cursor));
  const latest = useLatest({ search, onSearchChange, endpointUrls });
  const tableColumns = useMemo(
    () =>
      columns(
        timeZone,
        (id) => latest.current.onSearchChange({ ...latest.current.search, deliveryId: id }),
        (id) => latest.current.endpointUrls.get(id),
      ),
    [timeZone, latest],
  );
  const rows = page.data?.data ?? [];
  const filtered = hasDeliveryFilters(search);
  return (
    <PagedTable<WebhookDelivery>
      caption="Webhook deliveries, newest first"
      columns={tableColumns}
      rows={rows}
      getRowId={(row) => row.id}
      loading={page.isPending}
      loadingLabel="Loading deliveries…"
      skeletonColumns={6}
      error={page.isError && !page.data ? page.error : null}
      errorTitle="The delivery log could not be loaded"
      onRetry={() => void page.refetch()}
      retrying={page.isFetching}
      busy={page.isPlaceholderData}
      empty={
        search.cursor
          ? null
          : {
              title: filtered ? "No deliveries match these filters" : "No deliveries yet",
              description: filtered
                ? "Widen the time range or clear some filters."
                : "Each event sent to an endpoint appears here with every attempt and the receiver's answers. Send a test event to see one.",
              action: filtered ? (
                <Button variant="secondary" onClick={() => onSearchChange(withDeliveryFilters(search, {}))}>
                  Clear filters
                </Button>
              ) : undefined,
            }
      }
      footer={
        <KeysetPagination
          label="Delivery log pages"
          summary={`${rows.length} ${rows.length === 1 ? "delivery" : "deliveries"} on this page`}
          search={search}
          nextCursor={page.data?.nextCursor}
          onSearchChange={onSearchChange}
        />
      }
    />
  );
}
