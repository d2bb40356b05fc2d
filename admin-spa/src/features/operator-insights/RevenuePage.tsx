// Revenue (operator console): MRR by plan at the plans' Stripe prices, overage reported to
// Stripe this period, past-due organizations and the reconciliation job's open differences.
// What each number counts is stated on the page (services/billing/revenue.ts computes them).
import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { BarBreakdown } from "../../components/charts/BarBreakdown.tsx";
import { formatCount, formatDateTime } from "../../components/charts/format.ts";
import { QueryView } from "../../components/QueryView.tsx";
import { Skeleton } from "../../components/ui/index.ts";
import { formatMoney } from "../../lib/money.ts";
import { type Revenue, revenueQueryOptions } from "../../queries/operator-insights.ts";
import "../../components/charts/dashboard.css";

type PlanRow = Revenue["mrr"]["byPlan"][number];

export function RevenuePage() {
  const revenue = useQuery(revenueQueryOptions());
  return (
    <div className="page-stack">
      <header className="page-header">
        <title>Revenue · Operator · Edgegate</title>
        <h1>Revenue</h1>
        <p className="muted">This billing period (the UTC calendar month), every organization.</p>
      </header>
      <QueryView
        query={revenue}
        loading={<Skeleton height="16rem" width="100%" />}
        loadingLabel="Loading revenue…"
        errorTitle="Revenue could not be loaded"
      >
        {(data) => <RevenueSections data={data} />}
      </QueryView>
    </div>
  );
}

function RevenueSections({ data }: { data: Revenue }) {
  const money = (cents: number | null) =>
    cents === null || data.currency === null ? "Unknown" : formatMoney(cents, data.currency);
  return (
    <>
      {data.pricesAvailable ? null : (
        <p role="status" className="notice">
          Stripe could not be asked for the plans' prices, so amounts are unknown; counts are current.
        </p>
      )}
      <section className="panel" aria-labelledby="revenue-mrr">
        <h2 id="revenue-mrr">Monthly recurring revenue: {money(data.mrr.total)}</h2>
        <p className="muted small">
          Each active or past-due subscription's flat monthly price. Trials count no revenue yet; plans
          without a Stripe price (enterprise deals) show as unknown.
        </p>
        <BarBreakdown<PlanRow>
          title="MRR by plan"
          rows={data.mrr.byPlan}
          label={(row) => row.plan}
          value={(row) => row.mrr ?? 0}
          valueName="MRR"
          formatValue={(cents) => money(cents)}
          rowKey={(row) => row.plan}
          columns={[
            { header: "Plan", cell: (row) => row.plan },
            { header: "Organizations", cell: (row) => formatCount(row.organizations), numeric: true },
            { header: "Paying", cell: (row) => formatCount(row.paying), numeric: true },
            { header: "Trialing", cell: (row) => formatCount(row.trialing), numeric: true },
            { header: "MRR", cell: (row) => money(row.mrr), numeric: true },
          ]}
        />
      </section>

      <section className="panel" aria-labelledby="revenue-overage">
        <h2 id="revenue-overage">Overage billed this period: {money(data.overage.amount)}</h2>
        <p className="muted small">
          Requests over the included quota reported to Stripe's meter since{" "}
          {formatDateTime(data.period.start, "UTC")} UTC ({formatCount(data.overage.reportedRequests)}), at
          each organization's overage price; {formatCount(data.overage.unreportedRequests)} more are written
          but not yet accepted by Stripe.
        </p>
        {data.overage.byOrganization.length === 0 ? (
          <p className="muted">No overage reported this period.</p>
        ) : (
          <SimpleTable
            caption="Overage by organization"
            head={["Organization", "Plan", "Reported requests", "Not yet reported", "Amount"]}
            numeric={[2, 3, 4]}
            rows={data.overage.byOrganization.map((row) => ({
              key: row.organizationId,
              cells: [
                <CustomerLink key="name" id={row.organizationId} name={row.name} />,
                row.plan,
                formatCount(row.reportedRequests),
                formatCount(row.unreportedRequests),
                money(row.amount),
              ],
            }))}
          />
        )}
      </section>

      <section className="panel" aria-labelledby="revenue-past-due">
        <h2 id="revenue-past-due">Past-due organizations ({formatCount(data.pastDue.length)})</h2>
        {data.pastDue.length === 0 ? (
          <p className="muted">No organization is past due.</p>
        ) : (
          <SimpleTable
            caption="Past-due organizations"
            head={["Organization", "Plan", "Past due since at least"]}
            numeric={[]}
            rows={data.pastDue.map((row) => ({
              key: row.organizationId,
              cells: [
                <CustomerLink key="name" id={row.organizationId} name={row.name} />,
                row.plan,
                row.since ? formatDateTime(row.since) : "—",
              ],
            }))}
          />
        )}
      </section>

      <section className="panel" aria-labelledby="revenue-reconciliation">
        <h2 id="revenue-reconciliation">Reconciliation differences</h2>
        <p className="muted small">
          Organizations whose latest hourly reconciliation (ledger, rollups, usage record, reports to Stripe
          and Stripe's meter) disagreed; a later clean run clears them.
        </p>
        {data.reconciliation.length === 0 ? (
          <p className="muted">Every organization's latest reconciliation agreed.</p>
        ) : (
          <SimpleTable
            caption="Open reconciliation differences, first ones per organization"
            head={[
              "Organization",
              "Checked",
              "Hour",
              "Ledger",
              "Rollups",
              "Expected overage",
              "Reported",
              "At Stripe",
            ]}
            numeric={[3, 4, 5, 6, 7]}
            rows={data.reconciliation.flatMap((issue) =>
              issue.differences.map((difference) => ({
                key: `${issue.organizationId}-${difference.at}`,
                cells: [
                  <CustomerLink key="name" id={issue.organizationId} name={issue.name} />,
                  formatDateTime(issue.checkedAt),
                  difference.at === "month-to-date" ? "Month to date" : formatDateTime(difference.at),
                  formatCount(difference.ledgerRequests),
                  difference.rollupRequests === null
                    ? `usage record ${formatCount(difference.usageRecordRequests ?? 0)}`
                    : formatCount(difference.rollupRequests),
                  formatCount(difference.expectedOverage),
                  formatCount(difference.reportedOverage),
                  difference.stripeOverage === null ? "—" : formatCount(difference.stripeOverage),
                ],
              })),
            )}
          />
        )}
      </section>
    </>
  );
}

function CustomerLink({ id, name }: { id: string; name: string }) {
  return (
    <Link to="/operator/customers/$organizationId" params={{ organizationId: id }}>
      {name}
    </Link>
  );
}

function SimpleTable({
  caption,
  head,
  numeric,
  rows,
}: {
  caption: string;
  head: string[];
  numeric: number[];
  rows: { key: string; cells: React.ReactNode[] }[];
}) {
  return (
    <section
      className="table-scroll"
      aria-label={`${caption}: table`}
      // A scrolling region must be reachable by keyboard to be scrolled (WCAG 2.1.1).
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a focusable scroll region is the documented fix
      tabIndex={0}
    >
      <table className="data-table-plain">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {head.map((title, i) => (
              <th key={title} scope="col" className={numeric.includes(i) ? "numeric" : undefined}>
                {title}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              {row.cells.map((cell, i) =>
                i === 0 ? (
                  // biome-ignore lint/suspicious/noArrayIndexKey: columns are fixed per table
                  <th key={i} scope="row">
                    {cell}
                  </th>
                ) : (
                  // biome-ignore lint/suspicious/noArrayIndexKey: columns are fixed per table
                  <td key={i} className={numeric.includes(i) ? "numeric" : undefined}>
                    {cell}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
