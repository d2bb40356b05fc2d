// GET /api/operator/revenue — MRR by plan, overage reported this period, past-due
// organizations and open reconciliation differences (services/billing/revenue.ts says what each
// number is). Amounts are null when Stripe cannot be asked for the prices; the counts remain.
import { PLAN_IDS, type PlanId } from "@edgegate/shared/plans";
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../context.ts";
import { queryRevenue } from "../../services/billing/revenue.ts";
import { timestamp } from "../schemas.ts";
import { operatorAnalyticsBase, operatorAnalyticsErrors } from "./analytics-shared.ts";

const plan = z.enum(PLAN_IDS as [PlanId, ...PlanId[]]);
const cents = z.number().int().nullable().openapi({ description: "Cents; null when unknown" });

const revenueSchema = z
  .object({
    currency: z.string().nullable().openapi({ example: "usd" }),
    pricesAvailable: z
      .boolean()
      .openapi({ description: "False: Stripe did not answer; every amount is null" }),
    period: z.object({ start: timestamp, end: timestamp }),
    mrr: z.object({
      total: cents,
      byPlan: z.array(
        z.object({
          plan,
          organizations: z.number().int(),
          paying: z.number().int().openapi({ description: "Active or past-due subscriptions" }),
          trialing: z.number().int(),
          mrr: cents,
        }),
      ),
    }),
    overage: z.object({
      reportedRequests: z.number().int(),
      unreportedRequests: z
        .number()
        .int()
        .openapi({ description: "Written but not (yet) accepted by Stripe" }),
      amount: cents,
      byOrganization: z.array(
        z.object({
          organizationId: z.string(),
          name: z.string(),
          plan,
          reportedRequests: z.number().int(),
          unreportedRequests: z.number().int(),
          amount: cents,
        }),
      ),
    }),
    pastDue: z.array(
      z.object({
        organizationId: z.string(),
        name: z.string(),
        slug: z.string(),
        plan,
        since: timestamp.nullable(),
      }),
    ),
    reconciliation: z.array(
      z.object({
        organizationId: z.string(),
        name: z.string(),
        checkedAt: timestamp,
        windowStart: timestamp,
        windowEnd: timestamp,
        differenceCount: z.number().int(),
        differences: z.array(
          z.object({
            at: z.string().openapi({ description: "The hour's start, or month-to-date" }),
            ledgerRequests: z.number().int(),
            rollupRequests: z.number().int().nullable(),
            usageRecordRequests: z.number().int().nullable(),
            expectedOverage: z.number().int(),
            reportedOverage: z.number().int(),
            stripeOverage: z.number().int().nullable(),
          }),
        ),
      }),
    ),
  })
  .openapi("OperatorRevenue");

export const revenueRoute = createRoute({
  ...operatorAnalyticsBase,
  path: "/operator/revenue",
  summary: "Revenue across every organization",
  operationId: "getOperatorRevenue",
  responses: {
    200: {
      description: "MRR, overage, past-due organizations and reconciliation differences",
      content: { "application/json": { schema: revenueSchema } },
    },
    ...operatorAnalyticsErrors,
  },
});

export const revenueHandler: RouteHandler<typeof revenueRoute, AppEnv> = async (c) =>
  c.json(await queryRevenue(c.var.services), 200);
