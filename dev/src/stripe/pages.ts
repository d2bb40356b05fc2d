// The stand-in's hosted pages: Checkout (pay or cancel) and the Customer Portal (change plan,
// cancel at period end, resume, invoices), plus an invoice page. Plain server-rendered HTML so
// they work in any browser and in the end-to-end tests without a build step.
import type { StandInLedger } from "./ledger.ts";
import type { CheckoutSession, Invoice, PortalSession } from "./objects.ts";

const escapeHtml = (value: unknown) =>
  String(value ?? "").replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
const money = (cents: number) => `$${(cents / 100).toFixed(2)}`;
const day = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a2e}
.banner{background:#fff3cd;border:1px solid #e0c36a;padding:.5rem .75rem;border-radius:6px;font-size:.875rem}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left}
button{font:inherit;padding:.5rem 1rem;border-radius:6px;border:1px solid #635bff;background:#635bff;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#635bff}form{display:inline}</style></head>
<body><p class="banner">Local Stripe stand-in (Edgegate development) — no real payment is made.</p>${body}</body></html>`;
}

function priceLine(ledger: StandInLedger, priceId: string): string {
  const price = ledger.prices.get(priceId);
  if (!price) return escapeHtml(priceId);
  return price.recurring.usage_type === "metered"
    ? `${escapeHtml(price.nickname)}: ${escapeHtml(price.unit_amount_decimal)}¢ per request above the included quota`
    : `${escapeHtml(price.nickname)}: ${money(price.unit_amount ?? 0)} per month`;
}

export function checkoutPage(ledger: StandInLedger, session: CheckoutSession): string {
  if (session.status !== "open") {
    return layout("Checkout", `<h1>This checkout session is ${escapeHtml(session.status)}.</h1>`);
  }
  const customer = session.customer ? ledger.customers.get(session.customer) : undefined;
  const lines = (session.line_items_prices ?? []).map((id) => `<li>${priceLine(ledger, id)}</li>`).join("");
  return layout(
    "Checkout",
    `<h1>Subscribe</h1>
<p>${escapeHtml(customer?.name ?? "")} ${customer?.email ? `&lt;${escapeHtml(customer.email)}&gt;` : ""}</p>
<ul>${lines}</ul>
<form method="post" action="/checkout/${escapeHtml(session.id)}/pay">
<p><label>Card <select name="card"><option value="4242424242424242">4242 4242 4242 4242 (succeeds)</option></select></label></p>
<button type="submit">Pay and subscribe</button></form>
${session.cancel_url ? `<p><a href="${escapeHtml(session.cancel_url)}">Cancel and go back</a></p>` : ""}`,
  );
}

export function portalPage(ledger: StandInLedger, portal: PortalSession): string {
  const subscriptions = [...ledger.subscriptions.values()].filter((s) => s.customer === portal.customer);
  const invoices = [...ledger.invoices.values()]
    .filter((invoice) => invoice.customer === portal.customer)
    .sort((a, b) => b.created - a.created);
  const flatPrices = [...ledger.prices.values()].filter((price) => price.recurring.usage_type === "licensed");
  const subscriptionRows = subscriptions
    .map((subscription) => {
      const flat = subscription.items.data.find((item) => item.price.recurring.usage_type === "licensed");
      const periodEnd = subscription.items.data[0]?.current_period_end;
      const scheduled = ledger.scheduledPrices.get(subscription.id);
      const live = subscription.status !== "canceled";
      const actions = live
        ? `${flatPrices
            .filter((price) => price.id !== flat?.price.id)
            .map(
              (price) =>
                `<form method="post" action="/portal/${escapeHtml(portal.id)}/action"><input type="hidden" name="subscription" value="${escapeHtml(subscription.id)}"><input type="hidden" name="action" value="switch"><input type="hidden" name="price" value="${escapeHtml(price.id)}"><button class="secondary" type="submit">Switch to ${escapeHtml(price.nickname)}</button></form> `,
            )
            .join("")}
<form method="post" action="/portal/${escapeHtml(portal.id)}/action"><input type="hidden" name="subscription" value="${escapeHtml(subscription.id)}"><input type="hidden" name="action" value="${subscription.cancel_at_period_end ? "resume" : "cancel"}"><button class="secondary" type="submit">${subscription.cancel_at_period_end ? "Don't cancel" : "Cancel at period end"}</button></form>`
        : "";
      return `<tr><td>${escapeHtml(flat?.price.nickname ?? "")}</td><td>${escapeHtml(subscription.status)}${
        subscription.cancel_at_period_end ? " (ends at period end)" : ""
      }${scheduled ? " (plan change at period end)" : ""}</td><td>${periodEnd ? day(periodEnd) : ""}</td><td>${actions}</td></tr>`;
    })
    .join("");
  const invoiceRows = invoices
    .map(
      (invoice) =>
        `<tr><td><a href="/invoices/${escapeHtml(invoice.id)}">${escapeHtml(invoice.number)}</a></td><td>${day(invoice.created)}</td><td>${money(invoice.total)}</td><td>${escapeHtml(invoice.status)}</td></tr>`,
    )
    .join("");
  return layout(
    "Billing portal",
    `<h1>Billing portal</h1>
<h2>Subscription</h2><table><thead><tr><th>Plan</th><th>Status</th><th>Current period ends</th><th></th></tr></thead>
<tbody>${subscriptionRows || '<tr><td colspan="4">No subscription.</td></tr>'}</tbody></table>
<h2>Payment method</h2><p>Visa ending in 4242</p>
<h2>Invoices</h2><table><thead><tr><th>Number</th><th>Date</th><th>Total</th><th>Status</th></tr></thead>
<tbody>${invoiceRows || '<tr><td colspan="4">No invoices.</td></tr>'}</tbody></table>
${portal.return_url ? `<p><a href="${escapeHtml(portal.return_url)}">Return to Edgegate</a></p>` : ""}`,
  );
}

export function invoicePage(invoice: Invoice): string {
  const lines = invoice.lines.data
    .map((line) => `<tr><td>${escapeHtml(line.description)}</td><td>${money(line.amount)}</td></tr>`)
    .join("");
  return layout(
    `Invoice ${invoice.number}`,
    `<h1>Invoice ${escapeHtml(invoice.number)}</h1><p>Status: ${escapeHtml(invoice.status)} · period ${day(invoice.period_start)} – ${day(invoice.period_end)}</p>
<table><tbody>${lines}<tr><th>Total</th><th>${money(invoice.total)}</th></tr></tbody></table>`,
  );
}
