// Platform analytics (operator console): every organization's traffic from the same rollups as
// the organization analytics — summary, requests and latency over time, top organizations,
// endpoints and error statuses — and the platform's plumbing: fail-open admissions, dead
// letters and the webhook outbox, webhook delivery health. Filters live in the URL; every chart
// has a table alternative.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { AnalyticsControls, rangeLabel } from "../../components/AnalyticsFilters.tsx";
import { BarBreakdown } from "../../components/charts/BarBreakdown.tsx";
import { formatCount, formatLatency, formatPercent } from "../../components/charts/format.ts";
import { BreakdownPanel, KeyFigures, TrafficOverTime } from "../../components/charts/TrafficPanels.tsx";
import { EmptyState } from "../../components/ui/index.ts";
import { resolveAnalyticsView } from "../../lib/analytics-range.ts";
import { browserTimeZone } from "../../lib/time-zone.ts";
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

      <AnalyticsControls
        search={search}
        resolved={resolved}
        onChange={onSearchChange}
        fetching={summary.isFetching || series.isFetching}
        onRefresh={() => setNow(Date.now())}
      />

      <KeyFigures id="platform-summary" heading="Summary" query={summary} />
      <TrafficOverTime idPrefix="platform" series={series} resolved={resolved} scope=", every organization" />

      <div className="panel-grid">
        <BreakdownPanel
          id="platform-organizations"
          title="Top organizations"
          what="top organizations"
          query={organizations}
          rows={6}
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
        </BreakdownPanel>

        <BreakdownPanel
          id="platform-endpoints"
          title="Top endpoints"
          what="top endpoints"
          query={endpoints}
          rows={6}
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
        </BreakdownPanel>
      </div>

      <BreakdownPanel
        id="platform-errors"
        title="Top error statuses"
        what="error statuses"
        query={statuses}
        rows={4}
        intro={
          <p className="muted small">
            The rollups count HTTP statuses; the error codes behind each status are listed in the error
            reference, and one organization's request log filters by code.
          </p>
        }
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
      </BreakdownPanel>

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
