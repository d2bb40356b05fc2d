// Requests, errors and latency percentiles per bucket, every bucket of the range present
// (empty ones as zeros). Buckets start on the time zone's wall clock: days at local midnight
// (23 or 25 hours long across DST changes), hours and minutes at local :00. Data older than a
// few days lives in UTC-hour rollups, so in half-hour-offset zones (Asia/Kolkata) its local
// hour buckets are approximate by 30 minutes; day buckets there are exact to the hour.
import { sql } from "drizzle-orm";
import { sumHistograms } from "../../db/histogram-sql.ts";
import type { HttpDb } from "../database.ts";
import { type LatencyPercentiles, latencyPercentiles } from "./percentiles.ts";
import {
  type OrganizationScope,
  rollupRows,
  type TotalsSource,
  toHistogram,
  toNumber,
  totalRows,
} from "./rollup-source.ts";
import { autoGranularity, type Granularity, type TimeSeriesQuery } from "./schemas.ts";

export interface TimeSeriesPoint extends LatencyPercentiles {
  /** The bucket's start, an ISO instant. */
  bucket: string;
  requests: number;
  errors: number;
  rateLimited: number;
  bandwidthBytes: number;
}

export interface TimeSeries {
  granularity: Granularity;
  timeZone: string;
  points: TimeSeriesPoint[];
}

/** Whether the zone's UTC offset is a whole number of hours at both ends of the range. */
function wholeHourOffsets(timeZone: string, from: Date, to: Date): boolean {
  const format = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" });
  return [from, to].every((at) => {
    const offset = format.formatToParts(at).find((p) => p.type === "timeZoneName")?.value ?? "";
    return /^GMT([+-]\d{2}:00)?$/.test(offset);
  });
}

export async function queryTimeSeries(
  db: HttpDb,
  organizationId: OrganizationScope,
  query: TimeSeriesQuery,
  /** Overrides where the rows come from (`rawTotalRows`: the same answer from raw logs). */
  totals?: TotalsSource,
): Promise<TimeSeries> {
  const granularity =
    query.granularity === "auto" ? autoGranularity(query.from, query.to) : query.granularity;
  const unit = sql.raw(`'${granularity}'`);
  const step = sql.raw(`interval '1 ${granularity}'`);
  const tz = query.timeZone;
  // Whole-hour totals serve hour and day buckets wherever local hours start on UTC hours;
  // minute buckets, and zones with a half-hour offset (recent data stays exact there), read
  // the detail rows.
  const source =
    totals ??
    (granularity !== "minute" && wholeHourOffsets(tz, query.from, query.to) ? totalRows : rollupRows);
  const from = query.from.toISOString();
  const to = query.to.toISOString();
  const result = await db.execute(sql`
    with buckets as (
      select local_start from generate_series(
        date_trunc(${unit}, ${from}::timestamptz at time zone ${tz}),
        (${to}::timestamptz at time zone ${tz}) - interval '1 microsecond',
        ${step}) as local_start
    ), totals as (
      select date_trunc(${unit}, bucket at time zone ${tz}) as local_start,
        sum(request_count) as requests, sum(error_count) as errors, sum(rate_limited_count) as rate_limited,
        sum(request_bytes + response_bytes) as bandwidth, ${sumHistograms(sql`latency_histogram`)} as histogram
      from ${source({ organizationId, from: query.from, to: query.to, keyId: query.keyId })} r
      group by 1
    )
    select (extract(epoch from (b.local_start at time zone ${tz})) * 1000)::float8 as start_ms,
      t.requests, t.errors, t.rate_limited, t.bandwidth, t.histogram
    from buckets b left join totals t using (local_start)
    order by b.local_start`);
  return {
    granularity,
    timeZone: tz,
    points: result.rows.map((row) => ({
      bucket: new Date(Number(row.start_ms)).toISOString(),
      requests: toNumber(row.requests),
      errors: toNumber(row.errors),
      rateLimited: toNumber(row.rate_limited),
      bandwidthBytes: toNumber(row.bandwidth),
      ...latencyPercentiles(toHistogram(row.histogram)),
    })),
  };
}
