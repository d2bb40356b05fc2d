// This key's traffic: totals for the chosen window (24 h / 7 days / 30 days, in the URL) and
// requests over time, drawn with the shared chart components (each has a table alternative).
import { useQuery } from "@tanstack/react-query";
import { useId } from "react";
import {
  formatBytes,
  formatCount,
  formatLatency,
  formatPercent,
  shapeTimeSeries,
  TimeSeriesChart,
} from "../../components/charts/index.ts";
import { ErrorState } from "../../components/ui/ErrorState.tsx";
import { Skeleton } from "../../components/ui/Skeleton.tsx";
import { browserTimeZone } from "../../lib/time-zone.ts";
import { keyUsageQueryOptions, USAGE_RANGES, type UsageRange } from "../../queries/keys.ts";

const RANGE_LABELS: Record<UsageRange, string> = {
  "24h": "Last 24 hours",
  "7d": "Last 7 days",
  "30d": "Last 30 days",
};

export function KeyUsage({
  orgId,
  keyId,
  range,
  onRangeChange,
}: {
  orgId: string;
  keyId: string;
  range: UsageRange;
  onRangeChange: (range: UsageRange) => void;
}) {
  const rangeId = useId();
  const timeZone = browserTimeZone();
  const { data, error, isPending, isFetching, refetch } = useQuery(
    keyUsageQueryOptions(orgId, keyId, range, timeZone),
  );

  let body: React.ReactNode;
  if (isPending) {
    body = (
      <div aria-busy="true">
        <p role="status" className="visually-hidden">
          Loading usage…
        </p>
        <Skeleton width="100%" height="12rem" />
      </div>
    );
  } else if (!data) {
    body = (
      <ErrorState
        error={error}
        title="Usage could not be loaded"
        onRetry={() => void refetch()}
        retrying={isFetching}
      />
    );
  } else {
    const current = data.summary.current;
    const stats: [string, string][] = [
      ["Requests", formatCount(current.totalRequests)],
      ["Error rate", formatPercent(current.errorRate)],
      ["Rate limited", formatCount(current.rateLimitedCount)],
      ["p95 latency", formatLatency(current.p95)],
      ["Bandwidth", formatBytes(current.bandwidthBytes)],
    ];
    body = (
      <>
        <dl className="stat-row">
          {stats.map(([label, value]) => (
            <div key={label} className="stat card">
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
        <TimeSeriesChart
          title={`Requests with this key, ${RANGE_LABELS[range].toLowerCase()}`}
          rows={shapeTimeSeries(data.series.points, data.series.granularity)}
          granularity={data.series.granularity}
          timeZone={data.series.timeZone}
        />
      </>
    );
  }

  return (
    <section className="section" aria-labelledby="key-usage-heading" aria-busy={isFetching || undefined}>
      <div className="section-head">
        <h2 id="key-usage-heading">Usage</h2>
        <div className="field field-inline">
          <label htmlFor={rangeId}>Time range</label>
          <select
            id={rangeId}
            className="input select"
            value={range}
            onChange={(event) => onRangeChange(event.target.value as UsageRange)}
          >
            {USAGE_RANGES.map((value) => (
              <option key={value} value={value}>
                {RANGE_LABELS[value]}
              </option>
            ))}
          </select>
        </div>
      </div>
      {body}
    </section>
  );
}
