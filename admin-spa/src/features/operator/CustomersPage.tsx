// Customers: every organization on the platform, searchable by name, slug, member e-mail or
// Stripe customer id, sortable by requests this month, error rate, revenue, plan and age. The
// search, filters, sort and page live in the URL, so a view can be shared.

import { PLAN_IDS } from "@edgegate/shared/plans";
import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useState } from "react";
import { formatCount, formatPercent, formatTimestamp } from "../../components/charts/format.ts";
import { FilterBar } from "../../components/FilterBar.tsx";
import { PagedTable } from "../../components/PagedTable.tsx";
import {
  Badge,
  Button,
  type DataTableColumn,
  Select,
  sortingFromParam,
  sortParamFrom,
  TextInput,
} from "../../components/ui/index.ts";
import {
  CUSTOMERS_PAGE_SIZE,
  customersQueryOptions,
  type OperatorOrganizationSummary,
} from "../../queries/operator.ts";
import {
  type CustomersSearch,
  customerFiltersOf,
  DEFAULT_CUSTOMER_SORT,
  parseCustomersSearch,
} from "./search.ts";

/** The revenue column ranks paying subscriptions first, then plan, then billed overage. */
const SUBSCRIPTION_LABELS: Record<string, string> = {
  active: "Subscribed",
  trialing: "Trial",
  past_due: "Past due",
  canceled: "Canceled",
  unpaid: "Unpaid",
  incomplete: "Incomplete",
  none: "No subscription",
};

const COLUMNS: DataTableColumn<OperatorOrganizationSummary>[] = [
  {
    id: "name",
    // An accessor makes the column sortable (the server sorts; this only marks the header).
    accessorFn: (row) => row.name,
    enableSorting: true,
    header: "Organization",
    cell: ({ row }) => (
      <span>
        <Link to="/operator/customers/$organizationId" params={{ organizationId: row.original.id }}>
          {row.original.name}
        </Link>{" "}
        <span className="muted small mono">{row.original.slug}</span>
        {row.original.suspended ? (
          <>
            {" "}
            <Badge tone="danger">Suspended</Badge>
          </>
        ) : null}
      </span>
    ),
  },
  {
    id: "plan",
    // An accessor makes the column sortable (the server sorts; this only marks the header).
    accessorFn: (row) => row.plan,
    enableSorting: true,
    header: "Plan",
    cell: ({ row }) => (
      <span>
        {row.original.plan}
        {row.original.limitsOverride ? <span className="muted small"> + custom limits</span> : null}
      </span>
    ),
  },
  {
    id: "requests",
    // An accessor makes the column sortable (the server sorts; this only marks the header).
    accessorFn: (row) => row.requestsThisMonth,
    enableSorting: true,
    sortDescFirst: true,
    header: "Requests this month",
    cell: ({ row }) => <span className="numeric">{formatCount(row.original.requestsThisMonth)}</span>,
  },
  {
    id: "errorRate",
    // An accessor makes the column sortable (the server sorts; this only marks the header).
    accessorFn: (row) => row.errorRate,
    enableSorting: true,
    sortDescFirst: true,
    header: "Error rate",
    cell: ({ row }) => <span className="numeric">{formatPercent(row.original.errorRate)}</span>,
  },
  {
    id: "revenue",
    // An accessor makes the column sortable (the server sorts; this only marks the header).
    accessorFn: (row) => row.overageRequestsThisMonth,
    enableSorting: true,
    sortDescFirst: true,
    header: "Revenue",
    cell: ({ row }) => (
      <span>
        {SUBSCRIPTION_LABELS[row.original.subscriptionStatus] ?? row.original.subscriptionStatus}
        {row.original.overageRequestsThisMonth > 0 ? (
          <span className="muted small"> · {formatCount(row.original.overageRequestsThisMonth)} overage</span>
        ) : null}
      </span>
    ),
  },
  {
    id: "created",
    // An accessor makes the column sortable (the server sorts; this only marks the header).
    accessorFn: (row) => row.createdAt,
    enableSorting: true,
    sortDescFirst: true,
    header: "Created",
    cell: ({ row }) => <span className="numeric">{formatTimestamp(row.original.createdAt)}</span>,
  },
];

function Filters({ search, onApply }: { search: CustomersSearch; onApply: (next: CustomersSearch) => void }) {
  const [q, setQ] = useState(search.q ?? "");
  const [plan, setPlan] = useState<string>(search.plan ?? "");
  const [status, setStatus] = useState<string>(search.status ?? "");
  return (
    <FilterBar
      label="Find customers"
      submitLabel="Search"
      onSubmit={() => onApply(parseCustomersSearch({ q, plan, status, sort: search.sort }))}
      onClear={() => {
        setQ("");
        setPlan("");
        setStatus("");
        onApply(parseCustomersSearch({ sort: search.sort }));
      }}
    >
      <TextInput
        label="Search"
        className="field-wide"
        placeholder="Name, slug, member e-mail or cus_…"
        value={q}
        onChange={(event) => setQ(event.target.value)}
        spellCheck={false}
      />
      <Select label="Plan" value={plan} onChange={(event) => setPlan(event.target.value)}>
        <option value="">Any plan</option>
        {PLAN_IDS.map((id) => (
          <option key={id} value={id}>
            {id}
          </option>
        ))}
      </Select>
      <Select label="Status" value={status} onChange={(event) => setStatus(event.target.value)}>
        <option value="">Any status</option>
        <option value="active">Active</option>
        <option value="suspended">Suspended</option>
      </Select>
    </FilterBar>
  );
}

export function CustomersPage({
  search,
  onSearchChange,
}: {
  search: CustomersSearch;
  onSearchChange: (next: CustomersSearch) => void;
}) {
  const filters = customerFiltersOf(search);
  const page = useQuery(customersQueryOptions(filters));
  const offset = search.offset ?? 0;

  const total = page.data?.total ?? 0;
  const last = Math.min(offset + CUSTOMERS_PAGE_SIZE, total);
  const body = (
    <PagedTable<OperatorOrganizationSummary>
      caption="Customer organizations"
      columns={COLUMNS}
      rows={page.data?.data ?? []}
      getRowId={(row) => row.id}
      loading={page.isPending}
      loadingLabel="Loading customers…"
      skeletonColumns={6}
      error={page.data ? null : page.error}
      errorTitle="Customers could not be loaded"
      onRetry={() => void page.refetch()}
      retrying={page.isFetching}
      busy={page.isPlaceholderData}
      empty={{ title: "No organization matches", description: "Clear the search or pick another filter." }}
      sorting={sortingFromParam(search.sort ?? DEFAULT_CUSTOMER_SORT)}
      onSortingChange={(next) =>
        onSearchChange({ ...search, sort: sortParamFrom(next) ?? DEFAULT_CUSTOMER_SORT, offset: undefined })
      }
      footer={
        <nav className="pagination" aria-label="Customer pages">
          <span className="muted small">
            {offset + 1}–{last} of {formatCount(total)}
          </span>
          <Button
            variant="secondary"
            size="sm"
            disabled={offset === 0}
            onClick={() =>
              onSearchChange({ ...search, offset: Math.max(0, offset - CUSTOMERS_PAGE_SIZE) || undefined })
            }
          >
            Previous
          </Button>
          <Button
            variant="secondary"
            size="sm"
            disabled={last >= total}
            onClick={() => onSearchChange({ ...search, offset: offset + CUSTOMERS_PAGE_SIZE })}
          >
            Next
          </Button>
        </nav>
      }
    />
  );

  return (
    <div className="page-stack">
      <header className="page-header">
        <title>Customers · Edgegate</title>
        <h1>Customers</h1>
        <p className="muted">
          Every organization on the platform. This month's counts come from the rollups.
        </p>
      </header>
      <Filters
        key={JSON.stringify([search.q, search.plan, search.status])}
        search={search}
        onApply={onSearchChange}
      />
      {body}
    </div>
  );
}
