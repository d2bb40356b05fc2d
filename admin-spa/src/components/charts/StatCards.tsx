// The four headline numbers of a period, each with its change against the period before (from
// GET /api/analytics/summary): requests, success rate, p95 latency, bandwidth.

import type { AnalyticsSummary } from "../../queries/analytics.ts";
import { Skeleton } from "../ui/index.ts";
import {
  type FormattedChange,
  formatBytes,
  formatChange,
  formatCount,
  formatLatency,
  formatPercent,
} from "./format.ts";

interface Stat {
  label: string;
  value: string;
  change: FormattedChange;
}

/** Success rate moves in percentage points, not relative change: 99 % → 98 % is "−1 pt". */
function pointsChange(current: number | null, previous: number | null): FormattedChange {
  if (current === null || previous === null) {
    return { text: null, description: "no data for the previous period", direction: "none", tone: "neutral" };
  }
  const points = (current - previous) * 100;
  if (Math.abs(points) < 0.05) {
    return {
      text: "±0 pt",
      description: "unchanged from the previous period",
      direction: "flat",
      tone: "neutral",
    };
  }
  const magnitude = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 }).format(Math.abs(points));
  const direction = points > 0 ? "up" : "down";
  return {
    text: `${points > 0 ? "+" : "−"}${magnitude} pt`,
    description: `${direction} ${magnitude} percentage points from the previous period`,
    direction,
    tone: points > 0 ? "good" : "bad",
  };
}

export function statsOf(summary: AnalyticsSummary): Stat[] {
  const { current, previous, change } = summary;
  return [
    {
      label: "Requests",
      value: formatCount(current.totalRequests, { compact: true }),
      change: formatChange(change.totalRequests, null),
    },
    {
      label: "Success rate",
      value: formatPercent(current.successRate),
      change: pointsChange(current.successRate, previous.successRate),
    },
    { label: "p95 latency", value: formatLatency(current.p95), change: formatChange(change.p95, false) },
    {
      label: "Bandwidth",
      value: formatBytes(current.bandwidthBytes),
      change: formatChange(change.bandwidthBytes, null),
    },
  ];
}

export function StatCards({ summary }: { summary: AnalyticsSummary }) {
  return (
    <ul className="stat-grid" aria-label="Key figures">
      {statsOf(summary).map((stat) => (
        <li key={stat.label} className="stat-card">
          <span className="stat-label">{stat.label}</span>
          <span className="stat-value">{stat.value}</span>
          <span className={`stat-change stat-change-${stat.change.tone}`}>
            {stat.change.text ? (
              <>
                <span aria-hidden="true">
                  {stat.change.direction === "up" ? "▲ " : stat.change.direction === "down" ? "▼ " : ""}
                  {stat.change.text} vs previous
                </span>
                <span className="visually-hidden">{stat.change.description}</span>
              </>
            ) : (
              "No earlier data to compare"
            )}
          </span>
        </li>
      ))}
    </ul>
  );
}

export function StatCardsSkeleton() {
  return (
    <ul className="stat-grid">
      {["Requests", "Success rate", "p95 latency", "Bandwidth"].map((label) => (
        <li key={label} className="stat-card">
          <span className="stat-label">{label}</span>
          <Skeleton width="60%" height="1.6rem" />
          <Skeleton width="45%" />
        </li>
      ))}
    </ul>
  );
}
