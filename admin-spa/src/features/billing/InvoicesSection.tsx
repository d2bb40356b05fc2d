// Invoices from Stripe, newest first, each linking to Stripe's hosted invoice page.
import { formatDateTime } from "../../components/charts/format.ts";
import { StatusBadge } from "../../components/ui/index.ts";
import { formatMoney } from "../../lib/money.ts";
import type { Invoice } from "../../queries/billing.ts";

const day = (iso: string) =>
  new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeZone: "UTC" }).format(new Date(iso));

export function InvoicesSection({ invoices }: { invoices: readonly Invoice[] }) {
  if (invoices.length === 0) {
    return <p className="muted">No invoices yet: they appear here after the first paid period.</p>;
  }
  return (
    <div className="table-scroll">
      <table className="data-table-plain">
        <caption className="visually-hidden">Invoices</caption>
        <thead>
          <tr>
            <th scope="col">Invoice</th>
            <th scope="col">Period</th>
            <th scope="col">Status</th>
            <th scope="col" className="numeric">
              Total
            </th>
          </tr>
        </thead>
        <tbody>
          {invoices.map((invoice) => (
            <tr key={invoice.id}>
              <th scope="row">
                {invoice.hostedInvoiceUrl ? (
                  <a href={invoice.hostedInvoiceUrl} target="_blank" rel="noreferrer noopener">
                    {invoice.number ?? invoice.id}
                    <span className="visually-hidden"> (opens Stripe's invoice page in a new tab)</span>
                  </a>
                ) : (
                  (invoice.number ?? invoice.id)
                )}
                <div className="small muted">{formatDateTime(invoice.createdAt)}</div>
              </th>
              <td>
                {day(invoice.periodStart)} – {day(invoice.periodEnd)}
              </td>
              <td>
                <StatusBadge status={invoice.status ?? "unknown"} />
              </td>
              <td className="numeric">{formatMoney(invoice.total, invoice.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
