// GET /api/billing/usage — billable requests per UTC day of the current billing period, from the
// billing ledger (the same numbers reported to Stripe), for the Billing page's chart and table.

import { ApiError } from "@edgegate/shared/errors";
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { callerOf } from "../../auth/caller.ts";
import { routePermission } from "../../auth/roles.ts";
import type { AppEnv } from "../../context.ts";
import { billableByDay, monthOf } from "../../services/billing/ledger.ts";
import { readOrganizationBilling } from "../../services/billing/organization-limits.ts";
import { effectiveOrganizationLimits } from "../../services/limiter.ts";
import { adminSecurity, authErrors, timestamp } from "../schemas.ts";

export const billingUsageSchema = z
  .object({
    period: z.object({ start: timestamp, end: timestamp }),
    includedQuota: z.number().int().nullable(),
    /** Billable requests this period so far: the sum of `days`. */
    total: z.number().int(),
    days: z.array(
      z.object({
        day: z.string().openapi({ example: "2026-12-01", description: "UTC day (YYYY-MM-DD)" }),
        requests: z.number().int(),
      }),
    ),
  })
  .openapi("BillingUsage");

export const getBillingUsageRoute = createRoute({
  method: "get",
  path: "/billing/usage",
  operationId: "getBillingUsage",
  tags: ["Billing"],
  summary: "Billable requests per day this period",
  description:
    "Requests the gateway proxied and the upstream answered (whatever its status), per UTC day of the current billing period (the calendar month): the numbers billed. The gateway's own refusals are not counted.",
  security: adminSecurity,
  ...routePermission("billing:read"),
  responses: {
    200: {
      description: "Every day of the period, zero where there was no billable traffic",
      content: { "application/json": { schema: billingUsageSchema } },
    },
    ...authErrors,
  },
});

export const getBillingUsageHandler: RouteHandler<typeof getBillingUsageRoute, AppEnv> = async (c) => {
  const { organizationId } = callerOf(c);
  const { services } = c.var;
  const billing = await readOrganizationBilling(services, organizationId);
  if (!billing) throw new ApiError("NOT_FOUND", "No such organization.");
  const now = Date.now();
  const period = monthOf(now);
  const days = await billableByDay(services, organizationId, period);
  return c.json(
    {
      period: { start: period.from.toISOString(), end: period.to.toISOString() },
      includedQuota: effectiveOrganizationLimits(billing, now).monthlyQuota,
      total: days.reduce((sum, d) => sum + d.billable, 0),
      days: days.map((d) => ({ day: d.day, requests: d.billable })),
    },
    200,
  );
};
