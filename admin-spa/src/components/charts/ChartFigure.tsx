// The frame every chart shares: a caption, the drawing with a one-sentence summary for screen
// readers (role="img" + aria-label), an HTML legend (real text in the theme's text colour, with
// the series' colour and dash as the key), and a "Show as table" disclosure holding the same
// numbers as a real <table>, so the data is readable without seeing the chart.
import { type ReactNode, useId } from "react";
import "./charts.css";

export interface LegendItem {
  label: string;
  color: string;
  /** Matches the series' stroke: lines differ by pattern as well as colour. */
  pattern?: "solid" | "dashed" | "dotted" | "block";
}

export interface TableColumn<Row> {
  header: string;
  cell: (row: Row) => ReactNode;
  /** Right-aligned, tabular figures. */
  numeric?: boolean;
  /** Long values (paths) may wrap instead of widening the table. */
  wrap?: boolean;
}

export interface ChartFigureProps<Row> {
  title: string;
  /** What the chart shows, in one or two sentences: the chart's accessible name. */
  summary: string;
  legend?: readonly LegendItem[];
  rows: readonly Row[];
  columns: readonly TableColumn<Row>[];
  rowKey: (row: Row, index: number) => string;
  height: number;
  /** When true the drawing is replaced by `emptyMessage` (the table stays, with its rows). */
  empty?: boolean;
  emptyMessage?: ReactNode;
  children: ReactNode;
}

export function ChartFigure<Row>({
  title,
  summary,
  legend,
  rows,
  columns,
  rowKey,
  height,
  empty = false,
  emptyMessage = "No data in this range.",
  children,
}: ChartFigureProps<Row>) {
  const titleId = useId();
  return (
    <figure className="chart" aria-labelledby={titleId}>
      <figcaption id={titleId} className="chart-title">
        {title}
      </figcaption>
      {empty ? (
        <div className="chart-empty" style={{ minHeight: Math.min(height, 160) }}>
          {emptyMessage}
        </div>
      ) : (
        <>
          <div className="chart-canvas" role="img" aria-label={summary} style={{ height }}>
            {children}
          </div>
          {legend && legend.length > 0 ? <Legend items={legend} /> : null}
        </>
      )}
      {rows.length > 0 ? (
        <details className="chart-table">
          <summary>
            Show as table<span className="visually-hidden">: {title}</span>
          </summary>
          {/* A scrolling region must be reachable by keyboard to be scrolled (WCAG 2.1.1). */}
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a focusable scroll region is the documented fix */}
          <section className="chart-table-scroll" aria-label={`${title}: table`} tabIndex={0}>
            <table className="data-table-plain">
              <caption>{title}</caption>
              <thead>
                <tr>
                  {columns.map((column) => (
                    <th key={column.header} scope="col" className={column.numeric ? "num" : undefined}>
                      {column.header}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((row, index) => (
                  <tr key={rowKey(row, index)}>
                    {columns.map((column, columnIndex) =>
                      columnIndex === 0 ? (
                        <th key={column.header} scope="row" className={cellClass(column)}>
                          {column.cell(row)}
                        </th>
                      ) : (
                        <td key={column.header} className={cellClass(column)}>
                          {column.cell(row)}
                        </td>
                      ),
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </details>
      ) : null}
    </figure>
  );
}

function cellClass(column: { numeric?: boolean; wrap?: boolean }): string | undefined {
  if (column.numeric) return "num";
  if (column.wrap) return "wrap";
  return undefined;
}

function Legend({ items }: { items: readonly LegendItem[] }) {
  return (
    <ul className="chart-legend" aria-label="Legend">
      {items.map((item) => (
        <li key={item.label}>
          <span
            aria-hidden="true"
            className={`chart-swatch chart-swatch-${item.pattern ?? "solid"}`}
            style={item.pattern === "block" ? { background: item.color } : { borderTopColor: item.color }}
          />
          {item.label}
        </li>
      ))}
    </ul>
  );
}

/** Recharts tooltip body in the theme's colours (its default is a white box in both themes). */
export function ChartTooltipBox({
  title,
  lines,
}: {
  title: string;
  lines: readonly { label: string; value: string; color?: string }[];
}) {
  return (
    <div className="chart-tooltip">
      <span className="chart-tooltip-title">{title}</span>
      {lines.map((line) => (
        <span key={line.label}>
          {line.color ? (
            <span
              aria-hidden="true"
              className="chart-swatch chart-swatch-block"
              style={{ background: line.color, display: "inline-block", marginRight: "0.4rem" }}
            />
          ) : null}
          {line.label}: <strong className="numeric">{line.value}</strong>
        </span>
      ))}
    </div>
  );
}

/** Axis ticks and grid in the theme's colours. */
export const AXIS_TICK = { fill: "var(--chart-axis)", fontSize: 12 } as const;
export const GRID_STROKE = "var(--chart-grid)";
