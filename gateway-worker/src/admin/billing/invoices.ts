// GET /api/billing/invoices — the organization's invoices, newest first, read from Stripe (no
// copy is kept: Stripe is where an invoice's state changes).

import { decimalIntOr } from "@edgegate/shared/input";
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type Stripe from "stripe";
import { routePermission } from "../../auth/roles.ts";
import type { AppEnv } from "../../context.ts";
import { adminSecurity, authErrors, errorResponses, timestamp } from "../schemas.ts";
import { loadBillingOrganization } from "./stripe-account.ts";

export const invoiceSchema = z
  .object({
    id: z.string(),
    number: z.string().nullable(),
    status: z.string().nullable(),
    currency: z.string(),
    /** Cents. */
    total: z.number().int(),
    amountDue: z.number().int(),
    amountPaid: z.number().int(),
    createdAt: timestamp,
    periodStart: timestamp,
    periodEnd: timestamp,
    hostedInvoiceUrl: z.string().nullable(),
  })
  .openapi("Invoice");

export const listInvoicesQuery = z.object({
  limit: decimalIntOr(1, 100, 20).openapi({ param: { name: "limit", in: "query" }, example: 20 }),
});

export const listBillingInvoicesRoute = createRoute({
  method: "get",
  path: "/billing/invoices",
  operationId: "listBillingInvoices",
  tags: ["Billing"],
  summary: "List the organization's invoices",
  security: adminSecurity,
  ...routePermission("billing:read"),
  request: { query: listInvoicesQuery },
  responses: {
    200: {
      description: "Invoices, newest first (empty before the first checkout)",
      content: {
        "application/json": { schema: z.object({ data: z.array(invoiceSchema) }).openapi("InvoiceList") },
      },
    },
    ...errorResponses(400),
    ...authErrors,
    ...errorResponses(503),
  },
});

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

/** A Stripe invoice as the admin API shows it (also on the operator's organization page). */
export function toInvoiceView(invoice: Stripe.Invoice): z.infer<typeof invoiceSchema> {
  return {
    id: invoice.id ?? "",
    number: invoice.number ?? null,
    status: invoice.status ?? null,
    currency: invoice.currency,
    total: invoice.total,
    amountDue: invoice.amount_due,
    amountPaid: invoice.amount_paid,
    createdAt: iso(invoice.created),
    periodStart: iso(invoice.period_start),
    periodEnd: iso(invoice.period_end),
    hostedInvoiceUrl: invoice.hosted_invoice_url ?? null,
  };
}

export const listBillingInvoicesHandler: RouteHandler<typeof listBillingInvoicesRoute, AppEnv> = async (
  c,
) => {
  const { limit } = c.req.valid("query");
  const { org } = await loadBillingOrganization(c);
  if (!org.stripeCustomerId) return c.json({ data: [] }, 200);
  const invoices = await c.var.services.stripe.listInvoices(org.stripeCustomerId, limit);
  return c.json({ data: invoices.map(toInvoiceView) }, 200);
};
