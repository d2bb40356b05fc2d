// Platform analytics (operator console): every organization's traffic from the same rollups as
// the organization analytics — summary, requests and latency over time, top organizations,
// endpoints and error statuses — and the platform's plumbing: fail-open admissions, dead
// letters and the webhook outbox, webhook delivery health. Filters live in the URL; every chart
// has a table alternative.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { AnalyticsFilters } from "../../components/AnalyticsFilters.tsx";
import { BarBreakdown } from "../../components/charts/BarBreakdown.tsx";
import {
  browserTimeZone,
  formatCount,
  formatDateTime,
  formatLatency,
  formatPercent,
} from "../../components/charts/format.ts";
import { StatCards, StatCardsSkeleton } from "../../components/charts/StatCards.tsx";
import { shapeTimeSeries } from "../../components/charts/series.ts";
import { LatencyChart, TimeSeriesChart } from "../../components/charts/TimeSeriesChart.tsx";
import { QueryView } from "../../components/QueryView.tsx";
import { Button, EmptyState, Skeleton, SkeletonTable } from "../../components/ui/index.ts";
import { PRESET_LABELS, resolveAnalyticsView } from "../../lib/analytics-range.ts";
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

  const rangeText =
    resolved.preset === "custom"
      ? `${formatDateTime(range.from, range.timeZone)} to ${formatDateTime(range.to, range.timeZone)}`
      : PRESET_LABELS[resolved.preset];

  return (
    <div className="page-stack">
      <header className="page-header">
        <title>Platform analytics · Operator · Edgegate</title>
        <h1>Platform analytics</h1>
        <p className="muted">
          {rangeText} · every organization · times in {range.timeZone}
        </p>
      </header>

      <AnalyticsFilters
        key={`${resolved.preset}-${range.from}`}
        search={search}
        resolved={resolved}
        onChange={onSearchChange}
      />
      <div className="toolbar">
        <p className="muted small" aria-live="polite">
          {summary.isFetching || series.isFetching ? "Updating…" : ""}
        </p>
        {resolved.preset !== "custom" ? (
          <Button variant="secondary" size="sm" onClick={() => setNow(Date.now())}>
            Refresh
          </Button>
        ) : null}
      </div>

      <section aria-labelledby="platform-summary" className="settings-section">
        <h2 id="platform-summary" className="visually-hidden">
          Summary
        </h2>
        <QueryView
          query={summary}
          loading={<StatCardsSkeleton />}
          loadingLabel="Loading the platform summary…"
          errorTitle="The platform summary could not be loaded"
        >
          {(data) => <StatCards summary={data} />}
        </QueryView>
      </section>

      <section className="panel" aria-labelledby="platform-requests">
        <h2 id="platform-requests">Requests and errors</h2>
        <QueryView
          query={series}
          loading={<Skeleton height="16rem" width="100%" />}
          loadingLabel="Loading requests over time…"
          errorTitle="Requests over time could not be loaded"
        >
          {(data) => (
            <TimeSeriesChart
              title={`Requests, errors and rate-limited requests per ${data.granularity}, every organization`}
              rows={shapeTimeSeries(data.points, data.granularity)}
              granularity={data.granularity}
              timeZone={range.timeZone}
              mode="lines"
            />
          )}
        </QueryView>
      </section>

      <section className="panel" aria-labelledby="platform-latency">
        <h2 id="platform-latency">Latency</h2>
        <QueryView
          query={series}
          loading={<Skeleton height="16rem" width="100%" />}
          loadingLabel="Loading latency over time…"
          errorTitle="Latency over time could not be loaded"
        >
          {(data) => (
            <LatencyChart
              title={`p50, p95 and p99 latency per ${data.granularity}, every organization`}
              rows={shapeTimeSeries(data.points, data.granularity)}
              granularity={data.granularity}
              timeZone={range.timeZone}
            />
          )}
        </QueryView>
      </section>

      <div className="panel-grid">
        <section className="panel" aria-labelledby="platform-organizations">
          <h2 id="platform-organizations">Top organizations</h2>
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
        </section>

        <section className="panel" aria-labelledby="platform-endpoints">
          <h2 id="platform-endpoints">Top endpoints</h2>
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
        </section>
      </div>

      <section className="panel" aria-labelledby="platform-errors">
        <h2 id="platform-errors">Top error statuses</h2>
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
      </section>

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
