// Platform analytics (operator console): every organization's traffic from the same rollups as
// the organization analytics — summary, requests and latency over time, top organizations,
// endpoints and error statuses — and the platform's plumbing: fail-open admissions, dead
// letters and the webhook outbox, webhook delivery health. Filters live in the URL; every chart
// has a table alternative.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { AnalyticsFilters, AnalyticsToolbar, rangeLabel } from "../../components/AnalyticsFilters.tsx";
import { BarBreakdown } from "../../components/charts/BarBreakdown.tsx";
import {
  browserTimeZone,
  formatCount,
  formatLatency,
  formatPercent,
} from "../../components/charts/format.ts";
import { KeyFigures, Panel, SeriesView } from "../../components/charts/TrafficPanels.tsx";
import { QueryView } from "../../components/QueryView.tsx";
import { EmptyState, SkeletonTable } from "../../components/ui/index.ts";
import { resolveAnalyticsView } from "../../lib/analytics-range.ts";
import type { OrganizationStats, PlatformEndpointStats } from "../../queries/operator-insights.ts";
import { PlumbingSection } from "./PlumbingSection.tsx";
import { platformQueries } from "./prefetch.ts";
import type { PlatformAnalyticsSearch } from "./search.ts";

const orgLabel = (row: { name: string | null; organizationId: string }) => row.name ?? row.organizationId;
const endpointLabel = (row: PlatformEndpointStats) => `${orgLabel(row)}: ${row.method} ${row.path}`;

export function PlatformAnalyticsPage({
  search,
  onSearchChange,
}: {
  search: PlatformAnalyticsSearch;
  onSearchChange: (next: PlatformAnalyticsSearch) => void;
}) {
  const [now, setNow] = useState(() => Date.now());
  const resolved = resolveAnalyticsView(search, now, browserTimeZone());
  const { range, granularity } = resolved;
  const [
    summaryOptions,
    seriesOptions,
    orgOptions,
    endpointOptions,
    statusOptions,
    webhookOptions,
    queueOptions,
  ] = platformQueries(range, granularity);
  const summary = useQuery(summaryOptions);
  const series = useQuery(seriesOptions);
  const organizations = useQuery(orgOptions);
  const endpoints = useQuery(endpointOptions);
  const statuses = useQuery(statusOptions);
  const webhooks = useQuery(webhookOptions);
  const queues = useQuery(queueOptions);

  return (
    <div className="page-stack">
      <header className="page-header">
        <title>Platform analytics · Operator · Edgegate</title>
        <h1>Platform analytics</h1>
        <p className="muted">
          {rangeLabel(resolved)} · every organization · times in {range.timeZone}
        </p>
      </header>

      <AnalyticsFilters
        key={`${resolved.preset}-${range.from}`}
        search={search}
        resolved={resolved}
        onChange={onSearchChange}
      />
      <AnalyticsToolbar
        resolved={resolved}
        fetching={summary.isFetching || series.isFetching}
        onRefresh={() => setNow(Date.now())}
      />

      <KeyFigures id="platform-summary" heading="Summary" query={summary} />

      <Panel id="platform-requests" title="Requests and errors">
        <SeriesView
          query={series}
          chart="requests"
          title={(granularity) =>
            `Requests, errors and rate-limited requests per ${granularity}, every organization`
          }
          timeZone={range.timeZone}
          mode="lines"
        />
      </Panel>

      <Panel id="platform-latency" title="Latency">
        <SeriesView
          query={series}
          chart="latency"
          title={(granularity) => `p50, p95 and p99 latency per ${granularity}, every organization`}
          timeZone={range.timeZone}
        />
      </Panel>

      <div className="panel-grid">
        <Panel id="platform-organizations" title="Top organizations">
          <QueryView
            query={organizations}
            loading={<SkeletonTable rows={6} columns={2} label="Loading top organizations…" />}
            loadingLabel="Loading top organizations…"
            errorTitle="Top organizations could not be loaded"
          >
            {(data) =>
              data.length === 0 ? (
                <NoData />
              ) : (
                <BarBreakdown<OrganizationStats>
                  title="Organizations by requests"
                  rows={data}
                  label={orgLabel}
                  value={(row) => row.requests}
                  rowKey={(row) => row.organizationId}
                  columns={[
                    { header: "Organization", cell: orgLabel, wrap: true },
                    { header: "Plan", cell: (row) => row.plan ?? "—" },
                    { header: "Requests", cell: (row) => formatCount(row.requests), numeric: true },
                    { header: "Error rate", cell: (row) => formatPercent(row.errorRate), numeric: true },
                    { header: "Fail-open", cell: (row) => formatCount(row.failOpen), numeric: true },
                    { header: "p95", cell: (row) => formatLatency(row.p95), numeric: true },
                  ]}
                />
              )
            }
          </QueryView>
        </Panel>

        <Panel id="platform-endpoints" title="Top endpoints">
          <QueryView
            query={endpoints}
            loading={<SkeletonTable rows={6} columns={2} label="Loading top endpoints…" />}
            loadingLabel="Loading top endpoints…"
            errorTitle="Top endpoints could not be loaded"
          >
            {(data) =>
              data.length === 0 ? (
                <NoData />
              ) : (
                <BarBreakdown<PlatformEndpointStats>
                  title="Endpoints by requests, with their organization"
                  rows={data}
                  label={endpointLabel}
                  value={(row) => row.requests}
                  rowKey={(row) => `${row.organizationId} ${row.method} ${row.path}`}
                  columns={[
                    { header: "Endpoint", cell: endpointLabel, wrap: true },
                    { header: "Requests", cell: (row) => formatCount(row.requests), numeric: true },
                    { header: "Error rate", cell: (row) => formatPercent(row.errorRate), numeric: true },
                    { header: "p95", cell: (row) => formatLatency(row.p95), numeric: true },
                  ]}
                />
              )
            }
          </QueryView>
        </Panel>
      </div>

      <Panel id="platform-errors" title="Top error statuses">
        <p className="muted small">
          The rollups count HTTP statuses; the error codes behind each status are listed in the error
          reference, and one organization's request log filters by code.
        </p>
        <QueryView
          query={statuses}
          loading={<SkeletonTable rows={4} columns={2} label="Loading error statuses…" />}
          loadingLabel="Loading error statuses…"
          errorTitle="Error statuses could not be loaded"
        >
          {(data) => {
            const errors = data.byCode
              .filter((row) => row.status >= 400)
              .sort((a, b) => b.requests - a.requests);
            const total = data.byCode.reduce((sum, row) => sum + row.requests, 0);
            if (errors.length === 0)
              return (
                <EmptyState title="No errors in this range" description="No request answered 4xx or 5xx." />
              );
            return (
              <BarBreakdown<{ status: number; requests: number }>
                title="Error responses by status"
                rows={errors}
                label={(row) => String(row.status)}
                value={(row) => row.requests}
                rowKey={(row) => String(row.status)}
                columns={[
                  { header: "Status", cell: (row) => row.status },
                  { header: "Requests", cell: (row) => formatCount(row.requests), numeric: true },
                  {
                    header: "Share of all",
                    cell: (row) => formatPercent(row.requests / total),
                    numeric: true,
                  },
                ]}
              />
            );
          }}
        </QueryView>
      </Panel>

      <PlumbingSection summary={summary} webhooks={webhooks} queues={queues} />
    </div>
  );
}

function NoData() {
  return (
    <EmptyState
      title="No traffic in this range"
      description="Pick a longer time range; no organization sent requests through the gateway in this one."
    />
  );
}
