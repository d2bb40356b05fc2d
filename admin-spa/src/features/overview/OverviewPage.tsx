// Overview: the last 24 hours at a glance (headline numbers against the 24 hours before, requests
// over time, busiest endpoints, recent errors), this month's quota, and the platform's health.
import { useQueries, useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useState } from "react";
import { formatTimestamp } from "../../components/charts/format.ts";
import { KeyFigures, Panel, SeriesView, TopEndpointsView } from "../../components/charts/TrafficPanels.tsx";
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

      <KeyFigures id="overview-figures" heading="Key figures" query={summary} />

      <Panel
        id="overview-requests"
        title="Requests"
        link={
          <Link to="/logs" className="small">
            View request log
          </Link>
        }
      >
        <SeriesView
          query={series}
          chart="requests"
          title={() => "Requests over the last 24 hours"}
          timeZone={range.timeZone}
          height={240}
        />
      </Panel>

      <div className="panel-grid">
        <Panel
          id="overview-endpoints"
          title="Top endpoints"
          link={
            <Link to="/analytics" className="small">
              All endpoints
            </Link>
          }
        >
          <TopEndpointsView
            query={endpoints}
            title="Busiest endpoints, last 24 hours"
            rows={5}
            empty={<NoTraffic />}
          />
        </Panel>

        <Panel
          id="overview-errors"
          title="Recent errors"
          link={
            <Link to="/logs" search={{ status: "5xx" }} className="small">
              All server errors
            </Link>
          }
        >
          <RecentErrors
            queries={errors}
            timeZone={range.timeZone}
            onRetry={() => {
              for (const query of errors) void query.refetch();
            }}
          />
        </Panel>
      </div>

      <div className="panel-grid">
        <Panel
          id="overview-quota"
          title="This month's quota"
          link={
            <Link to="/billing" className="small">
              Billing
            </Link>
          }
        >
          <QueryView
            query={organization}
            loading={<Skeleton height="3rem" width="100%" />}
            loadingLabel="Loading this month's usage…"
            errorTitle="Usage could not be loaded"
          >
            {(data) => <QuotaMeter usage={data.usage} planName={data.planLimits.name} />}
          </QueryView>
        </Panel>

        <Panel id="overview-health" title="System health">
          <HealthSummary />
        </Panel>
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
