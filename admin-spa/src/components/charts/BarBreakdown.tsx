// A ranked breakdown as horizontal bars: top endpoints, status codes, traffic per key. Bars may
// be coloured per row (status classes), and the table alternative can carry more columns than
// the bar shows (errors, error rate, p95 next to the request count).
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import {
  AXIS_TICK,
  ChartFigure,
  ChartTooltipBox,
  GRID_STROKE,
  type LegendItem,
  type TableColumn,
} from "./ChartFigure.tsx";
import { formatCount } from "./format.ts";

export interface BarBreakdownProps<Row> {
  title: string;
  rows: readonly Row[];
  /** The bar's label (axis and tooltip); keep it short, the table holds the detail. */
  label: (row: Row) => string;
  value: (row: Row) => number;
  /** What `value` counts, for the summary and tooltip ("requests"). */
  valueName?: string;
  formatValue?: (value: number) => string;
  /** Per-row colour; one colour for every bar when omitted. */
  color?: (row: Row) => string;
  legend?: readonly LegendItem[];
  /** Columns of the table alternative; default: label and value. */
  columns?: readonly TableColumn<Row>[];
  rowKey: (row: Row) => string;
  emptyMessage?: string;
  /** Bars drawn; the table lists every row. */
  maxBars?: number;
}

const BAR_HEIGHT = 30;

/** "GET /v1/orders: 1,204 (62%); POST /v1/orders: …" — the first few, for screen readers. */
export function describeBreakdown(
  entries: readonly { label: string; value: number }[],
  valueName: string,
  formatValue: (value: number) => string,
  mention = 3,
): string {
  const total = entries.reduce((sum, entry) => sum + entry.value, 0);
  if (entries.length === 0 || total === 0) return `No ${valueName}.`;
  const named = entries
    .slice(0, mention)
    .map(
      (entry) => `${entry.label}: ${formatValue(entry.value)} (${Math.round((entry.value / total) * 100)}%)`,
    )
    .join("; ");
  const rest = entries.length > mention ? `; ${entries.length - mention} more in the table` : "";
  return `${entries.length} ${entries.length === 1 ? "entry" : "entries"}, ${formatValue(total)} ${valueName} in total. ${named}${rest}.`;
}

export function BarBreakdown<Row>({
  title,
  rows,
  label,
  value,
  valueName = "requests",
  formatValue = (v) => formatCount(v),
  color,
  legend,
  columns,
  rowKey,
  emptyMessage = "Nothing to show in this time range.",
  maxBars = 10,
}: BarBreakdownProps<Row>) {
  const bars = rows.slice(0, maxBars).map((row) => ({
    key: rowKey(row),
    label: label(row),
    value: value(row),
    fill: color ? color(row) : "var(--chart-1)",
  }));
  const tableColumns: readonly TableColumn<Row>[] = columns ?? [
    { header: "Name", cell: label, wrap: true },
    {
      header: valueName[0]?.toUpperCase() + valueName.slice(1),
      cell: (row) => formatValue(value(row)),
      numeric: true,
    },
  ];
  const summary = `${title}. ${describeBreakdown(
    rows.map((row) => ({ label: label(row), value: value(row) })),
    valueName,
    formatValue,
  )}`;
  return (
    <ChartFigure
      title={title}
      summary={summary}
      {...(legend ? { legend } : {})}
      rows={rows}
      columns={tableColumns}
      rowKey={(row) => rowKey(row)}
      height={Math.max(bars.length, 1) * BAR_HEIGHT + 36}
      empty={bars.every((bar) => bar.value === 0)}
      emptyMessage={emptyMessage}
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={bars}
          layout="vertical"
          margin={{ top: 0, right: 16, bottom: 0, left: 0 }}
          accessibilityLayer={false}
        >
          <CartesianGrid stroke={GRID_STROKE} horizontal={false} />
          <XAxis
            type="number"
            tickFormatter={(v: number) => formatValue(v)}
            tick={AXIS_TICK}
            stroke="var(--chart-axis)"
            allowDecimals={false}
          />
          <YAxis
            type="category"
            dataKey="label"
            tick={AXIS_TICK}
            stroke="var(--chart-axis)"
            width={150}
            // Long paths are cut on the axis; the tooltip and the table show them whole.
            tickFormatter={(text: string) => (text.length > 22 ? `${text.slice(0, 21)}…` : text)}
          />
          {barTooltip((bar: (typeof bars)[number]) => ({ label: valueName, value: formatValue(bar.value) }))}
          <Bar
            dataKey="value"
            name={valueName}
            isAnimationActive={false}
            radius={[0, 4, 4, 0]}
            maxBarSize={20}
          >
            {bars.map((bar) => (
              <Cell key={bar.key} fill={bar.fill} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

/**
 * A bar chart's tooltip in the theme's colours: the hovered bar's label and one value line. An
 * element, not a component: recharts reads its own <Tooltip> among the chart's children.
 */
export function barTooltip<B extends { label: string }>(line: (bar: B) => { label: string; value: string }) {
  return (
    <Tooltip
      cursor={{ fill: "var(--chart-cursor)" }}
      isAnimationActive={false}
      content={({ active, payload }) => {
        const bar = payload?.[0]?.payload as B | undefined;
        if (!active || !bar) return null;
        return <ChartTooltipBox title={bar.label} lines={[line(bar)]} />;
      }}
    />
  );
}
