// Billable requests per UTC day of the period, as bars, with the same numbers as a table.
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, XAxis, YAxis } from "recharts";
import { barTooltip } from "../../components/charts/BarBreakdown.tsx";
import {
  AXIS_TICK,
  ChartFigure,
  GRID_STROKE,
  type TableColumn,
} from "../../components/charts/ChartFigure.tsx";
import { formatCount } from "../../components/charts/format.ts";
import type { BillingUsage } from "../../queries/billing.ts";

type Day = BillingUsage["days"][number];

const dayLabel = (day: string) =>
  new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", timeZone: "UTC" }).format(
    new Date(`${day}T00:00:00Z`),
  );

const COLUMNS: readonly TableColumn<Day>[] = [
  { header: "Day (UTC)", cell: (row) => dayLabel(row.day) },
  { header: "Billable requests", cell: (row) => formatCount(row.requests), numeric: true },
];

export function DailyUsageChart({ usage }: { usage: BillingUsage }) {
  const busiest = usage.days.reduce<Day | null>(
    (best, day) => (best === null || day.requests > best.requests ? day : best),
    null,
  );
  const summary =
    usage.total === 0 || !busiest
      ? "No billable requests this period yet."
      : `${formatCount(usage.total)} billable requests this period; the busiest day was ${dayLabel(busiest.day)} with ${formatCount(busiest.requests)}.`;
  const bars = usage.days.map((day) => ({ ...day, label: dayLabel(day.day) }));
  return (
    <ChartFigure
      title="Billable requests per day"
      summary={summary}
      rows={usage.days}
      columns={COLUMNS}
      rowKey={(row) => row.day}
      height={220}
      empty={usage.total === 0}
      emptyMessage="No billable requests this period yet."
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={bars} margin={{ top: 8, right: 16, bottom: 0, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid stroke={GRID_STROKE} vertical={false} />
          <XAxis dataKey="label" tick={AXIS_TICK} stroke="var(--chart-axis)" minTickGap={16} />
          <YAxis
            tick={AXIS_TICK}
            stroke="var(--chart-axis)"
            tickFormatter={(v: number) => formatCount(v)}
            allowDecimals={false}
            width={64}
          />
          {barTooltip((bar: (typeof bars)[number]) => ({
            label: "billable requests",
            value: formatCount(bar.requests),
          }))}
          <Bar dataKey="requests" name="billable requests" fill="var(--chart-1)" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
