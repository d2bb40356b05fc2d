// Overview: the platform's live status from GET /api/health, refreshed every 10 seconds.
import { useSuspenseQuery } from "@tanstack/react-query";
import { createFileRoute, type ErrorComponentProps } from "@tanstack/react-router";
import { dependencyName, HealthCard, HealthCardSkeleton } from "../../components/HealthCard.tsx";
import { ErrorDetails, RouteError } from "../../components/RouteStates.tsx";
import { HEALTH_REFETCH_INTERVAL_MS, type HealthReport, healthQueryOptions } from "../../queries/health.ts";

export const Route = createFileRoute("/_app/")({
  loader: ({ context }) => context.queryClient.ensureQueryData(healthQueryOptions()),
  pendingComponent: OverviewPending,
  errorComponent: OverviewError,
  component: OverviewPage,
});

const EXPECTED_CHECKS = 5;

function PageHeader() {
  return (
    <header className="page-header">
      <title>Overview · Edgegate</title>
      <h1>Overview</h1>
      <p className="muted">The health of the services behind your gateway.</p>
    </header>
  );
}

function summarise(report: HealthReport): string {
  const entries = Object.entries(report.checks);
  const down = entries.filter(([, check]) => check.status === "down").map(([key]) => dependencyName(key));
  if (down.length === 0 && report.status === "up") {
    return `All systems operational: ${entries.length} of ${entries.length} dependencies up.`;
  }
  if (down.length === 0) return "Degraded: the platform reports a problem.";
  return `Degraded: ${down.length} of ${entries.length} ${entries.length === 1 ? "dependency" : "dependencies"} down (${down.join(", ")}).`;
}

function OverviewPage() {
  const { data, error, isFetching, isRefetchError, refetch, dataUpdatedAt } = useSuspenseQuery(
    healthQueryOptions(),
  );
  const checkedAt = new Date(dataUpdatedAt);
  const retry = () => {
    if (!isFetching) void refetch();
  };

  return (
    <>
      <PageHeader />
      <section className="section" aria-labelledby="platform-status-heading">
        <div className="section-head">
          <h2 id="platform-status-heading">Platform status</h2>
          {/* aria-disabled rather than disabled, so keyboard focus stays on the button while it works. */}
          <button
            type="button"
            className="button button-secondary"
            onClick={retry}
            aria-disabled={isFetching}
          >
            {isFetching ? "Checking…" : "Check now"}
          </button>
        </div>

        <p role="status" className={`status-banner status-banner-${data.status}`}>
          <span className="status-banner-icon" aria-hidden="true">
            {data.status === "up" ? "✓" : "!"}
          </span>
          <span>{summarise(data)}</span>
        </p>
        <p className="muted small">
          Last checked <time dateTime={checkedAt.toISOString()}>{checkedAt.toLocaleTimeString()}</time>.
          Checked again every {HEALTH_REFETCH_INTERVAL_MS / 1000} seconds while this page is open.
        </p>

        {isRefetchError ? (
          <div className="callout callout-warning" role="alert">
            <p>
              <strong>The status could not be refreshed.</strong> Showing the result from{" "}
              {checkedAt.toLocaleTimeString()}.
            </p>
            <ErrorDetails error={error} />
            <button type="button" className="button" onClick={retry} aria-disabled={isFetching}>
              Retry
            </button>
          </div>
        ) : null}

        <ul className="health-grid" aria-label="Dependencies">
          {Object.entries(data.checks).map(([key, check]) => (
            <li key={key}>
              <HealthCard id={key} check={check} />
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

function OverviewPending() {
  return (
    <>
      <PageHeader />
      <section className="section" aria-labelledby="platform-status-heading" aria-busy="true">
        <div className="section-head">
          <h2 id="platform-status-heading">Platform status</h2>
        </div>
        <p role="status" className="status-banner status-banner-loading">
          <span>Checking the platform status…</span>
        </p>
        <ul className="health-grid" aria-hidden="true">
          {Array.from({ length: EXPECTED_CHECKS }, (_, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
            <li key={index}>
              <HealthCardSkeleton />
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

function OverviewError(props: ErrorComponentProps) {
  return (
    <>
      <PageHeader />
      <section className="section" aria-labelledby="platform-status-error-heading">
        <RouteError
          {...props}
          title="The platform status could not be loaded"
          headingId="platform-status-error-heading"
        />
      </section>
    </>
  );
}
