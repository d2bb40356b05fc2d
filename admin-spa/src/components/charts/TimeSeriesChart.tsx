// Values over time: requests and errors (stacked areas or lines) and latency percentiles (lines).
// The x axis is epoch milliseconds formatted in the browser's time zone, the same zone the API
// aligned the buckets to (queries pass `timeZone`), so "14:00" means the viewer's 14:00.
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import {
  AXIS_TICK,
  ChartFigure,
  ChartTooltipBox,
  GRID_STROKE,
  type LegendItem,
  type TableColumn,
} from "./ChartFigure.tsx";
import {
  bucketLabelFormatter,
  formatCount,
  formatDateTime,
  formatLatency,
  type Granularity,
} from "./format.ts";
import { describeLatency, describeRequests, type SeriesRow } from "./series.ts";

type NumericKey = Exclude<keyof SeriesRow, "t">;

interface SeriesSpec extends LegendItem {
  key: NumericKey;
}

const DASH: Record<NonNullable<LegendItem["pattern"]>, string | undefined> = {
  solid: undefined,
  block: undefined,
  dashed: "6 4",
  dotted: "2 3",
};

interface TimeChartProps {
  title: string;
  summary: string;
  rows: readonly SeriesRow[];
  series: readonly SeriesSpec[];
  granularity: Granularity;
  timeZone: string;
  /** Areas stacked to a total, or independent lines. */
  mode: "stacked" | "lines";
  format: (value: number | null) => string;
  height?: number;
  empty: boolean;
  emptyMessage: string;
}

function TimeChart({
  title,
  summary,
  rows,
  series,
  granularity,
  timeZone,
  mode,
  format,
  height = 260,
  empty,
  emptyMessage,
}: TimeChartProps) {
  const first = rows[0]?.t ?? 0;
  const last = rows.at(-1)?.t ?? 0;
  const tickLabel = bucketLabelFormatter(granularity, last - first, timeZone);
  const columns: TableColumn<SeriesRow>[] = [
    {
      header: granularity === "day" ? `Day (${timeZone})` : `Time (${timeZone})`,
      cell: (row) => (granularity === "day" ? formatDay(row.t, timeZone) : formatDateTime(row.t, timeZone)),
    },
    ...series.map((spec) => ({
      header: spec.label,
      cell: (row: SeriesRow) => format(row[spec.key]),
      numeric: true,
    })),
  ];
  return (
    <ChartFigure
      title={title}
      summary={summary}
      legend={series}
      rows={rows}
      columns={columns}
      rowKey={(row) => String(row.t)}
      height={height}
      empty={empty}
      emptyMessage={emptyMessage}
    >
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart
          data={rows as SeriesRow[]}
          margin={{ top: 8, right: 12, bottom: 0, left: 0 }}
          accessibilityLayer={false}
        >
          <CartesianGrid stroke={GRID_STROKE} vertical={false} />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={["dataMin", "dataMax"]}
            tickFormatter={tickLabel}
            tick={AXIS_TICK}
            stroke="var(--chart-axis)"
            minTickGap={24}
          />
          <YAxis
            tickFormatter={(value: number) => format(value)}
            tick={AXIS_TICK}
            stroke="var(--chart-axis)"
            width={64}
            allowDecimals={false}
          />
          <Tooltip
            cursor={{ stroke: "var(--chart-axis)", strokeDasharray: "3 3" }}
            isAnimationActive={false}
            content={({ active, payload, label }) => {
              if (!active || !payload || payload.length === 0 || typeof label !== "number") return null;
              const row = payload[0]?.payload as SeriesRow | undefined;
              if (!row) return null;
              return (
                <ChartTooltipBox
                  title={granularity === "day" ? formatDay(label, timeZone) : formatDateTime(label, timeZone)}
                  lines={series.map((spec) => ({
                    label: spec.label,
                    value: format(row[spec.key]),
                    color: spec.color,
                  }))}
                />
              );
            }}
          />
          {series.map((spec) =>
            mode === "stacked" ? (
              <Area
                key={spec.key}
                dataKey={spec.key}
                name={spec.label}
                type="linear"
                stackId="total"
                stroke={spec.color}
                fill={spec.color}
                fillOpacity={0.25}
                strokeWidth={2}
                strokeDasharray={DASH[spec.pattern ?? "solid"]}
                isAnimationActive={false}
              />
            ) : (
              <Line
                key={spec.key}
                dataKey={spec.key}
                name={spec.label}
                type="linear"
                stroke={spec.color}
                strokeWidth={2}
                strokeDasharray={DASH[spec.pattern ?? "solid"]}
                // A bucket without requests has no latency: break the line rather than draw 0,
                // and mark a value with no neighbour, which a broken line would not show at all.
                dot={(props: { cx?: number; cy?: number; index?: number }) =>
                  isolated(rows, spec.key, props.index) &&
                  props.cx !== undefined &&
                  props.cy !== undefined ? (
                    <circle
                      key={`${spec.key}-${props.index}`}
                      cx={props.cx}
                      cy={props.cy}
                      r={3}
                      fill={spec.color}
                    />
                  ) : (
                    <g key={`${spec.key}-${props.index}`} />
                  )
                }
                connectNulls={false}
                isAnimationActive={false}
              />
            ),
          )}
        </ComposedChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

/** A day bucket's date ("Nov 27, 2026"): its time of day is always midnight. */
function formatDay(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat(undefined, {
    year: "numeric",
    month: "short",
    day: "numeric",
    timeZone,
  }).format(ms);
}

/** A value whose neighbours are both missing: a line through it has no length. */
export function isolated(rows: readonly SeriesRow[], key: NumericKey, index: number | undefined): boolean {
  if (index === undefined) return false;
  const value = rows[index]?.[key];
  if (value === null || value === undefined) return false;
  const before = rows[index - 1]?.[key];
  const after = rows[index + 1]?.[key];
  return (before === null || before === undefined) && (after === null || after === undefined);
}

const countFormat = (value: number | null) => formatCount(value, { compact: true });

export interface RequestsChartProps {
  rows: readonly SeriesRow[];
  granularity: Granularity;
  timeZone: string;
  title?: string;
  /** "stacked": successes + errors add up to requests. "lines": requests, errors, rate limited. */
  mode?: "stacked" | "lines";
  height?: number;
}

/** Requests and errors over time. */
export function TimeSeriesChart({
  rows,
  granularity,
  timeZone,
  title = "Requests over time",
  mode = "stacked",
  height,
}: RequestsChartProps) {
  const series: SeriesSpec[] =
    mode === "stacked"
      ? [
          { key: "successes", label: "Successful", color: "var(--chart-1)", pattern: "solid" },
          { key: "errors", label: "Errors", color: "var(--chart-2)", pattern: "dashed" },
        ]
      : [
          { key: "requests", label: "Requests", color: "var(--chart-1)", pattern: "solid" },
          { key: "errors", label: "Errors", color: "var(--chart-2)", pattern: "dashed" },
          { key: "rateLimited", label: "Rate limited", color: "var(--chart-3)", pattern: "dotted" },
        ];
  const tickLabel = bucketLabelFormatter(granularity, (rows.at(-1)?.t ?? 0) - (rows[0]?.t ?? 0), timeZone);
  return (
    <TimeChart
      title={title}
      summary={`${title}. ${describeRequests(rows, tickLabel)}`}
      rows={rows}
      series={series}
      granularity={granularity}
      timeZone={timeZone}
      mode={mode}
      format={countFormat}
      empty={rows.every((row) => row.requests === 0)}
      emptyMessage="No requests in this time range."
      {...(height ? { height } : {})}
    />
  );
}

export interface LatencyChartProps {
  rows: readonly SeriesRow[];
  granularity: Granularity;
  timeZone: string;
  title?: string;
  height?: number;
}

/** p50, p95 and p99 latency over time. */
export function LatencyChart({ rows, granularity, timeZone, title = "Latency", height }: LatencyChartProps) {
  const tickLabel = bucketLabelFormatter(granularity, (rows.at(-1)?.t ?? 0) - (rows[0]?.t ?? 0), timeZone);
  return (
    <TimeChart
      title={title}
      summary={`${title}. ${describeLatency(rows, tickLabel)}`}
      rows={rows}
      series={[
        { key: "p50", label: "p50", color: "var(--chart-4)", pattern: "solid" },
        { key: "p95", label: "p95", color: "var(--chart-3)", pattern: "dashed" },
        { key: "p99", label: "p99", color: "var(--chart-2)", pattern: "dotted" },
      ]}
      granularity={granularity}
      timeZone={timeZone}
      mode="lines"
      format={(value) => formatLatency(value)}
      empty={rows.every((row) => row.p50 === null && row.p95 === null && row.p99 === null)}
      emptyMessage="No latency data: no requests in this time range."
      {...(height ? { height } : {})}
    />
  );
}
