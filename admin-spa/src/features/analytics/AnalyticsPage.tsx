// Analytics: summary figures, requests and errors over time, latency percentiles over time, top
// endpoints, status codes and traffic per key for a range, a granularity and optionally one key.
// Every filter lives in the URL; every chart has a data-table alternative.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { AnalyticsControls, rangeLabel } from "../../components/AnalyticsFilters.tsx";
import { BarBreakdown } from "../../components/charts/BarBreakdown.tsx";
import { formatBytes, formatCount, formatLatency, formatPercent } from "../../components/charts/format.ts";
import {
  BreakdownPanel,
  KeyFigures,
  Panel,
  TopEndpointsView,
  TrafficOverTime,
} from "../../components/charts/TrafficPanels.tsx";
import { EmptyState } from "../../components/ui/index.ts";
import { resolveAnalyticsView } from "../../lib/analytics-range.ts";
import type { AnalyticsSearch } from "../../lib/analytics-search.ts";
import { browserTimeZone } from "../../lib/time-zone.ts";
import type { KeyStats } from "../../queries/analytics.ts";
import { useOrgId } from "../../queries/session.ts";
import { analyticsQueries } from "./prefetch.ts";

const CLASS_COLORS: Record<string, string> = {
  "1xx": "var(--chart-5)",
  "2xx": "var(--chart-4)",
  "3xx": "var(--chart-1)",
  "4xx": "var(--chart-3)",
  "5xx": "var(--chart-2)",
};

const statusClass = (status: number) => `${Math.floor(status / 100)}xx`;

export function AnalyticsPage({
  search,
  onSearchChange,
}: {
  search: AnalyticsSearch;
  onSearchChange: (next: AnalyticsSearch) => void;
}) {
  const orgId = useOrgId();
  const [now, setNow] = useState(() => Date.now());
  const resolved = resolveAnalyticsView(search, now, browserTimeZone());
  const { range, granularity } = resolved;
  const [summaryOptions, seriesOptions, endpointOptions, statusOptions, keysOptions] = analyticsQueries(
    orgId,
    range,
    granularity,
  );
  const summary = useQuery(summaryOptions);
  const series = useQuery(seriesOptions);
  const endpoints = useQuery(endpointOptions);
  const statuses = useQuery(statusOptions);
  const keys = useQuery(keysOptions);

  return (
    <div className="page-stack">
      <header className="page-header">
        <title>Analytics · Edgegate</title>
        <h1>Analytics</h1>
        <p className="muted">
          {rangeLabel(resolved)}
          {search.keyId ? " · one API key" : " · all API keys"} · times in {range.timeZone}
        </p>
      </header>

      <AnalyticsControls
        orgId={orgId}
        search={search}
        resolved={resolved}
        onChange={onSearchChange}
        fetching={summary.isFetching || series.isFetching}
        onRefresh={() => setNow(Date.now())}
      />

      <KeyFigures id="analytics-summary" heading="Summary" query={summary} />
      <TrafficOverTime idPrefix="analytics" series={series} resolved={resolved} />

      <div className="panel-grid">
        <Panel id="analytics-endpoints" title="Top endpoints">
          <TopEndpointsView
            query={endpoints}
            title="Endpoints by requests"
            rows={6}
            withErrorCount
            empty={<NoData />}
          />
        </Panel>

        <BreakdownPanel
          id="analytics-status"
          title="Status codes"
          what="status codes"
          query={statuses}
          rows={4}
        >
          {(data) => {
            const total = data.byCode.reduce((sum, row) => sum + row.requests, 0);
            if (total === 0) return <NoData />;
            const classes = Object.entries(data.byClass).filter(([, count]) => count > 0);
            return (
              <BarBreakdown<{ status: number; requests: number }>
                title="Requests by status code"
                rows={[...data.byCode].sort((a, b) => b.requests - a.requests)}
                label={(row) => String(row.status)}
                value={(row) => row.requests}
                rowKey={(row) => String(row.status)}
                color={(row) => CLASS_COLORS[statusClass(row.status)] ?? "var(--chart-1)"}
                legend={classes.map(([name, count]) => ({
                  label: `${name}: ${formatCount(count)} (${formatPercent(count / total)})`,
                  color: CLASS_COLORS[name] ?? "var(--chart-1)",
                  pattern: "block" as const,
                }))}
                columns={[
                  { header: "Status", cell: (row) => row.status },
                  { header: "Class", cell: (row) => statusClass(row.status) },
                  { header: "Requests", cell: (row) => formatCount(row.requests), numeric: true },
                  { header: "Share", cell: (row) => formatPercent(row.requests / total), numeric: true },
                ]}
              />
            );
          }}
        </BreakdownPanel>
      </div>

      <BreakdownPanel
        id="analytics-keys"
        title="Traffic per API key"
        what="traffic per key"
        query={keys}
        rows={4}
      >
        {(data) =>
          data.length === 0 ? (
            <NoData />
          ) : (
            <BarBreakdown<KeyStats>
              title="Requests per API key"
              rows={data}
              label={keyLabel}
              value={(row) => row.requests}
              rowKey={(row) => row.apiKeyId ?? "none"}
              columns={[
                { header: "API key", cell: keyLabel, wrap: true },
                { header: "Requests", cell: (row) => formatCount(row.requests), numeric: true },
                { header: "Errors", cell: (row) => formatCount(row.errors), numeric: true },
                { header: "Rate limited", cell: (row) => formatCount(row.rateLimited), numeric: true },
                { header: "Bandwidth", cell: (row) => formatBytes(row.bandwidthBytes), numeric: true },
                { header: "p95", cell: (row) => formatLatency(row.p95), numeric: true },
              ]}
            />
          )
        }
      </BreakdownPanel>
    </div>
  );
}

function keyLabel(row: KeyStats): string {
  if (row.apiKeyId === null) return "No key (refused before a key was known)";
  const name = row.name ?? "Deleted key";
  return row.displayPrefix ? `${name} (${row.displayPrefix}…)` : name;
}

function NoData() {
  return (
    <EmptyState
      title="No traffic in this range"
      description="Pick a longer time range or another key, or send requests through the gateway with an API key."
    />
  );
}
