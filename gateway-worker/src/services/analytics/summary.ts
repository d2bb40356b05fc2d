// The headline numbers for a range, and the same for the previous period of equal length.
import { sql } from "drizzle-orm";
import { sumHistograms } from "../../db/histogram-sql.ts";
import type { HttpDb } from "../database.ts";
import { type LatencyPercentiles, latencyPercentiles } from "./percentiles.ts";
import {
  type OrganizationScope,
  type TotalsSource,
  toHistogram,
  toNumber,
  totalRows,
} from "./rollup-source.ts";
import type { AnalyticsRange } from "./schemas.ts";

export interface PeriodSummary extends LatencyPercentiles {
  from: string;
  to: string;
  totalRequests: number;
  successRate: number | null;
  errorRate: number | null;
  errorCount: number;
  rateLimitedCount: number;
  /** Requests admitted without Redis's verdict (bounded fail-open). */
  failOpenCount: number;
  avgLatencyMs: number | null;
  requestBytes: number;
  responseBytes: number;
  bandwidthBytes: number;
}

export interface Summary {
  current: PeriodSummary;
  previous: PeriodSummary;
  /** Relative change from the previous period (0.25 = +25 %); null where previous was 0/empty. */
  change: {
    totalRequests: number | null;
    errorRate: number | null;
    p95: number | null;
    bandwidthBytes: number | null;
  };
}

const relative = (now: number | null, before: number | null) =>
  now === null || before === null || before === 0 ? null : (now - before) / before;

export async function querySummary(
  db: HttpDb,
  organizationId: OrganizationScope,
  range: AnalyticsRange,
  source: TotalsSource = totalRows,
): Promise<Summary> {
  const span = range.to.getTime() - range.from.getTime();
  const previousFrom = new Date(range.from.getTime() - span);
  // Each period reads its own rows (an hour straddling range.from is split by minute rows).
  const scope = (from: Date, to: Date) => source({ organizationId, from, to, keyId: range.keyId });
  const result = await db.execute(sql`
    select current, sum(request_count) as total, sum(error_count) as errors,
      sum(rate_limited_count) as rate_limited, sum(fail_open_count) as fail_open,
      sum(request_bytes) as request_bytes,
      sum(response_bytes) as response_bytes, sum(latency_sum_ms) as latency_sum,
      ${sumHistograms(sql`latency_histogram`)} as histogram
    from (
      select true as current, * from ${scope(range.from, range.to)} c
      union all
      select false as current, * from ${scope(previousFrom, range.from)} p
    ) r
    group by 1`);

  const period = (isCurrent: boolean, from: Date, to: Date): PeriodSummary => {
    const row = result.rows.find((r) => r.current === isCurrent) ?? {};
    const total = toNumber(row.total);
    const errors = toNumber(row.errors);
    const requestBytes = toNumber(row.request_bytes);
    const responseBytes = toNumber(row.response_bytes);
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      totalRequests: total,
      successRate: total === 0 ? null : (total - errors) / total,
      errorRate: total === 0 ? null : errors / total,
      errorCount: errors,
      rateLimitedCount: toNumber(row.rate_limited),
      failOpenCount: toNumber(row.fail_open),
      avgLatencyMs: total === 0 ? null : toNumber(row.latency_sum) / total,
      requestBytes,
      responseBytes,
      bandwidthBytes: requestBytes + responseBytes,
      ...latencyPercentiles(toHistogram(row.histogram)),
    };
  };
  const current = period(true, range.from, range.to);
  const previous = period(false, previousFrom, range.from);
  return {
    current,
    previous,
    change: {
      totalRequests: relative(current.totalRequests, previous.totalRequests),
      errorRate: relative(current.errorRate, previous.errorRate),
      p95: relative(current.p95, previous.p95),
      bandwidthBytes: relative(current.bandwidthBytes, previous.bandwidthBytes),
    },
  };
}
