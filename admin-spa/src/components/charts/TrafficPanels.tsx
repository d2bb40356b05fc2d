// The panels Overview and both analytics pages draw from the analytics reads: the key figures,
// requests (or latency) over time, the top endpoints and other breakdowns. Each shows one query's states on its own
// (skeleton, error with Retry, content), so one slow or failing read never blanks the page.
import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import type { ResolvedAnalytics } from "../../lib/analytics-range.ts";
import type { AnalyticsSummary, AnalyticsTimeSeries, EndpointStats } from "../../queries/analytics.ts";
import { QueryView } from "../QueryView.tsx";
import { Skeleton, SkeletonTable } from "../ui/index.ts";
import { EndpointBreakdown } from "./EndpointBreakdown.tsx";
import { StatCards, StatCardsSkeleton } from "./StatCards.tsx";
import { shapeTimeSeries } from "./series.ts";
import { LatencyChart, TimeSeriesChart } from "./TimeSeriesChart.tsx";

/** A titled card (one heading style on every page); `link` ends its heading row ("View request log"). */
export function Panel({
  id,
  title,
  link,
  children,
}: {
  id: string;
  title: string;
  link?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className="panel" aria-labelledby={id}>
      <div className="panel-head">
        <h2 id={id}>{title}</h2>
        {link}
      </div>
      {children}
    </section>
  );
}

/** The four headline figures; `heading` ("Key figures") is for screen readers only. */
export function KeyFigures({
  id,
  heading,
  query,
}: {
  id: string;
  heading: string;
  query: UseQueryResult<AnalyticsSummary>;
}) {
  const what = heading.toLowerCase();
  return (
    <section aria-labelledby={id} className="settings-section">
      <h2 id={id} className="visually-hidden">
        {heading}
      </h2>
      <QueryView
        query={query}
        loading={<StatCardsSkeleton />}
        loadingLabel={`Loading the ${what}…`}
        errorTitle={`The ${what} could not be loaded`}
      >
        {(data) => <StatCards summary={data} />}
      </QueryView>
    </section>
  );
}

/** Requests (or latency percentiles) per bucket of one time-series read. */
export function SeriesView({
  query,
  chart,
  title,
  timeZone,
  mode,
  height,
}: {
  query: UseQueryResult<AnalyticsTimeSeries>;
  chart: "requests" | "latency";
  /** The chart's title for the granularity the answer came in. */
  title: (granularity: AnalyticsTimeSeries["granularity"]) => string;
  timeZone: string;
  mode?: "stacked" | "lines";
  height?: number;
}) {
  return (
    <QueryView
      query={query}
      loading={<Skeleton height="16rem" width="100%" />}
      loadingLabel={`Loading ${chart} over time…`}
      errorTitle={`${chart === "latency" ? "Latency" : "Requests"} over time could not be loaded`}
    >
      {(data) => {
        const props = {
          title: title(data.granularity),
          rows: shapeTimeSeries(data.points, data.granularity),
          granularity: data.granularity,
          timeZone,
          ...(height ? { height } : {}),
        };
        return chart === "latency" ? (
          <LatencyChart {...props} />
        ) : (
          <TimeSeriesChart {...props} {...(mode ? { mode } : {})} />
        );
      }}
    </QueryView>
  );
}

/** The busiest endpoints as bars with their table; `empty` when the range saw no traffic. */
export function TopEndpointsView({
  query,
  title,
  rows,
  withErrorCount = false,
  empty,
}: {
  query: UseQueryResult<EndpointStats[]>;
  title: string;
  /** How many rows the skeleton shows (the query's limit). */
  rows: number;
  withErrorCount?: boolean;
  empty: ReactNode;
}) {
  return (
    <QueryView
      query={query}
      loading={<SkeletonTable rows={rows} columns={2} label="Loading top endpoints…" />}
      loadingLabel="Loading top endpoints…"
      errorTitle="Top endpoints could not be loaded"
    >
      {(data) =>
        data.length === 0 ? (
          empty
        ) : (
          <EndpointBreakdown title={title} rows={data} withErrorCount={withErrorCount} />
        )
      }
    </QueryView>
  );
}

/** Requests and errors, then latency percentiles, over the range: the analytics pages' main charts. */
export function TrafficOverTime({
  idPrefix,
  series,
  resolved,
  scope = "",
}: {
  idPrefix: string;
  series: UseQueryResult<AnalyticsTimeSeries>;
  resolved: ResolvedAnalytics;
  /** Ends each chart's title, e.g. ", every organization". */
  scope?: string;
}) {
  const { timeZone } = resolved.range;
  return (
    <>
      <Panel id={`${idPrefix}-requests`} title="Requests and errors">
        <SeriesView
          query={series}
          chart="requests"
          title={(granularity) => `Requests, errors and rate-limited requests per ${granularity}${scope}`}
          timeZone={timeZone}
          mode="lines"
        />
      </Panel>
      <Panel id={`${idPrefix}-latency`} title="Latency">
        <SeriesView
          query={series}
          chart="latency"
          title={(granularity) => `p50, p95 and p99 latency per ${granularity}${scope}`}
          timeZone={timeZone}
        />
      </Panel>
    </>
  );
}

/**
 * A panel holding one breakdown read ("top organizations"): a table-shaped skeleton of `rows`
 * while loading, the error with Retry, then `children` with the answer.
 */
export function BreakdownPanel<T>({
  id,
  title,
  what,
  query,
  rows,
  intro,
  children,
}: {
  id: string;
  title: string;
  /** Lower case, for the loading and error messages: "top organizations". */
  what: string;
  query: UseQueryResult<T>;
  rows: number;
  /** Shown above the breakdown whatever its state: what the figures mean. */
  intro?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  return (
    <Panel id={id} title={title}>
      {intro}
      <QueryView
        query={query}
        loading={<SkeletonTable rows={rows} columns={2} label={`Loading ${what}…`} />}
        loadingLabel={`Loading ${what}…`}
        errorTitle={`${what.charAt(0).toUpperCase()}${what.slice(1)} could not be loaded`}
      >
        {children}
      </QueryView>
    </Panel>
  );
}
