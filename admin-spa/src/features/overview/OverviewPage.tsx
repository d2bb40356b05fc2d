// Overview: the last 24 hours at a glance (headline numbers against the 24 hours before, requests
// over time, busiest endpoints, recent errors), this month's quota, and the platform's health.
import { useQueries, useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useState } from "react";
import { EndpointBreakdown } from "../../components/charts/EndpointBreakdown.tsx";
import { formatTimestamp } from "../../components/charts/format.ts";
import { StatCards, StatCardsSkeleton } from "../../components/charts/StatCards.tsx";
import { shapeTimeSeries } from "../../components/charts/series.ts";
import { TimeSeriesChart } from "../../components/charts/TimeSeriesChart.tsx";
import { QueryView } from "../../components/QueryView.tsx";
import { Badge, EmptyState, ErrorState, Skeleton, SkeletonTable } from "../../components/ui/index.ts";
import type { LogEntry } from "../../queries/logs.ts";
import { useOrgId } from "../../queries/session.ts";
import { FailOpenWarning } from "./FailOpenWarning.tsx";
import { HealthSummary } from "./HealthSummary.tsx";
import { overviewQueries, overviewRange, RECENT_ERRORS } from "./prefetch.ts";
import { QuotaMeter } from "./QuotaMeter.tsx";

export function OverviewPage() {
  const orgId = useOrgId();
  // Fixed when the page opens, so the queries keep their keys; "Refresh" moves it forward.
  const [now, setNow] = useState(() => Date.now());
  const { range } = overviewRange(now);
  const [summaryOptions, seriesOptions, endpointOptions, serverErrors, clientErrors, orgOptions] =
    overviewQueries(orgId, now);
  const summary = useQuery(summaryOptions);
  const series = useQuery(seriesOptions);
  const endpoints = useQuery(endpointOptions);
  const organization = useQuery(orgOptions);
  const errors = useQueries({ queries: [serverErrors, clientErrors] });

  return (
    <div className="page-stack">
      <header className="page-header">
        <title>Overview · Edgegate</title>
        <h1>Overview</h1>
        <p className="muted">
          Traffic through your gateway in the last 24 hours, compared with the 24 hours before. Times in{" "}
          {range.timeZone}.
        </p>
        <div className="toolbar-group">
          <button
            type="button"
            className="button button-secondary button-sm"
            onClick={() => setNow(Date.now())}
          >
            Refresh
          </button>
          <Link to="/analytics" className="button button-secondary button-sm">
            Open analytics
          </Link>
        </div>
      </header>

      {summary.data ? (
        <FailOpenWarning count={summary.data.current.failOpenCount} from={range.from} to={range.to} />
      ) : null}

      <section aria-labelledby="overview-figures" className="settings-section">
        <h2 id="overview-figures" className="visually-hidden">
          Key figures
        </h2>
        <QueryView
          query={summary}
          loading={<StatCardsSkeleton />}
          loadingLabel="Loading the key figures…"
          errorTitle="The key figures could not be loaded"
        >
          {(data) => <StatCards summary={data} />}
        </QueryView>
      </section>

      <section className="panel" aria-labelledby="overview-requests">
        <div className="panel-head">
          <h2 id="overview-requests">Requests</h2>
          <Link to="/logs" className="small">
            View request log
          </Link>
        </div>
        <QueryView
          query={series}
          loading={<Skeleton height="16rem" width="100%" />}
          loadingLabel="Loading requests over time…"
          errorTitle="Requests over time could not be loaded"
        >
          {(data) => (
            <TimeSeriesChart
              title="Requests over the last 24 hours"
              rows={shapeTimeSeries(data.points, data.granularity)}
              granularity={data.granularity}
              timeZone={range.timeZone}
              height={240}
            />
          )}
        </QueryView>
      </section>

      <div className="panel-grid">
        <section className="panel" aria-labelledby="overview-endpoints">
          <div className="panel-head">
            <h2 id="overview-endpoints">Top endpoints</h2>
            <Link to="/analytics" className="small">
              All endpoints
            </Link>
          </div>
          <QueryView
            query={endpoints}
            loading={<SkeletonTable rows={5} columns={2} label="Loading top endpoints…" />}
            loadingLabel="Loading top endpoints…"
            errorTitle="Top endpoints could not be loaded"
          >
            {(data) =>
              data.length === 0 ? (
                <NoTraffic />
              ) : (
                <EndpointBreakdown title="Busiest endpoints, last 24 hours" rows={data} />
              )
            }
          </QueryView>
        </section>

        <section className="panel" aria-labelledby="overview-errors">
          <div className="panel-head">
            <h2 id="overview-errors">Recent errors</h2>
            <Link to="/logs" search={{ status: "5xx" }} className="small">
              All server errors
            </Link>
          </div>
          <RecentErrors
            queries={errors}
            timeZone={range.timeZone}
            onRetry={() => {
              for (const query of errors) void query.refetch();
            }}
          />
        </section>
      </div>

      <div className="panel-grid">
        <section className="panel" aria-labelledby="overview-quota">
          <div className="panel-head">
            <h2 id="overview-quota">This month's quota</h2>
            <Link to="/billing" className="small">
              Billing
            </Link>
          </div>
          <QueryView
            query={organization}
            loading={<Skeleton height="3rem" width="100%" />}
            loadingLabel="Loading this month's usage…"
            errorTitle="Usage could not be loaded"
          >
            {(data) => <QuotaMeter usage={data.usage} planName={data.planLimits.name} />}
          </QueryView>
        </section>

        <section className="panel" aria-labelledby="overview-health">
          <div className="panel-head">
            <h2 id="overview-health">System health</h2>
          </div>
          <HealthSummary />
        </section>
      </div>
    </div>
  );
}

function NoTraffic() {
  return (
    <EmptyState
      title="No traffic in the last 24 hours"
      description={
        <>
          Send a request through the gateway with one of your <Link to="/keys">API keys</Link> and it shows up
          here within a few seconds.
        </>
      }
    />
  );
}

function RecentErrors({
  queries,
  timeZone,
  onRetry,
}: {
  queries: readonly {
    data?: { data: LogEntry[] } | undefined;
    isPending: boolean;
    isError: boolean;
    error: unknown;
    isFetching: boolean;
  }[];
  timeZone: string;
  onRetry: () => void;
}) {
  if (queries.some((query) => query.isPending)) {
    return <SkeletonTable rows={4} columns={3} label="Loading recent errors…" />;
  }
  const failed = queries.find((query) => query.isError);
  if (failed) {
    return (
      <ErrorState
        error={failed.error}
        title="Recent errors could not be loaded"
        onRetry={onRetry}
        retrying={queries.some((query) => query.isFetching)}
      />
    );
  }
  const entries = queries
    .flatMap((query) => query.data?.data ?? [])
    .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))
    .slice(0, RECENT_ERRORS);
  if (entries.length === 0) {
    return (
      <EmptyState
        title="No errors in the last 24 hours"
        description="Requests that end in a 4xx or 5xx status are listed here, with a link to their details."
      />
    );
  }
  return (
    <ul className="list-plain" aria-label="Most recent 4xx and 5xx responses">
      {entries.map((entry) => (
        <li key={entry.id} className="error-row">
          <Badge tone={entry.status >= 500 ? "danger" : "warning"}>{entry.status}</Badge>
          <Link to="/logs" search={{ requestId: entry.id }} className="mono truncate">
            {entry.method} {entry.path}
          </Link>
          <span className="muted small">
            {formatTimestamp(entry.createdAt, timeZone)}
            {entry.errorCode ? ` · ${entry.errorCode}` : ""}
          </span>
        </li>
      ))}
    </ul>
  );
}
