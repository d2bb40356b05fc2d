// Top endpoints (method + normalized path) as bars with their table alternative: the overview
// shows the busiest few, the analytics page the same with error counts.

import type { EndpointStats } from "../../queries/analytics.ts";
import { BarBreakdown } from "./BarBreakdown.tsx";
import { formatCount, formatLatency, formatPercent } from "./format.ts";

const endpointOf = (row: EndpointStats) => `${row.method} ${row.path}`;

export function EndpointBreakdown({
  title,
  rows,
  withErrorCount = false,
}: {
  title: string;
  rows: EndpointStats[];
  /** Adds the error count next to the error rate. */
  withErrorCount?: boolean;
}) {
  return (
    <BarBreakdown<EndpointStats>
      title={title}
      rows={rows}
      label={endpointOf}
      value={(row) => row.requests}
      rowKey={endpointOf}
      columns={[
        { header: "Endpoint", cell: endpointOf, wrap: true },
        { header: "Requests", cell: (row) => formatCount(row.requests), numeric: true },
        ...(withErrorCount
          ? [{ header: "Errors", cell: (row: EndpointStats) => formatCount(row.errors), numeric: true }]
          : []),
        { header: "Error rate", cell: (row) => formatPercent(row.errorRate), numeric: true },
        { header: "p95", cell: (row) => formatLatency(row.p95), numeric: true },
      ]}
    />
  );
}
