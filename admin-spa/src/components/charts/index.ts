export { BarBreakdown, type BarBreakdownProps, describeBreakdown } from "./BarBreakdown.tsx";
export { ChartFigure, type LegendItem, type TableColumn } from "./ChartFigure.tsx";
export * from "./format.ts";
export * from "./series.ts";
export { LatencyChart, TimeSeriesChart } from "./TimeSeriesChart.tsx";
