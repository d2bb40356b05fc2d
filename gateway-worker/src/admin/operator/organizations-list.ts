// GET /api/operator/organizations — every customer organization: search (name, slug, a member's
// e-mail, Stripe customer id), filter (plan, suspended), sort (requests this month, error rate,
// revenue, plan, created) and offset pagination. The month's counts come from the per-key hourly
// rollups (one row per key and hour), never from raw request logs.
import { PLAN_IDS, PLANS, type PlanId } from "@edgegate/shared/plans";
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";
import { operatorPermission } from "../../auth/roles.ts";
import type { AppEnv } from "../../context.ts";
import { monthOf } from "../../services/billing/ledger.ts";
import {
  operatorErrors,
  operatorSecurity,
  organizationSummarySchema,
  toOrganizationSummary,
} from "./shared.ts";

export const ORGANIZATION_SORTS = ["requests", "errorRate", "revenue", "plan", "created", "name"] as const;

const listQuery = z
  .object({
    q: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .openapi({ description: "Name, slug or member e-mail (substring), or a Stripe customer id (exact)" }),
    plan: z.enum(PLAN_IDS as [PlanId, ...PlanId[]]).optional(),
    status: z.enum(["active", "suspended"]).optional(),
    sort: z.enum(ORGANIZATION_SORTS).default("requests"),
    order: z.enum(["asc", "desc"]).default("desc"),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    offset: z.coerce.number().int().min(0).max(100_000).default(0),
  })
  .strict();

export const listOrganizationsRoute = createRoute({
  method: "get",
  path: "/operator/organizations",
  tags: ["Operator"],
  summary: "List and search customer organizations (operators only)",
  operationId: "listOperatorOrganizations",
  security: operatorSecurity,
  ...operatorPermission(),
  request: { query: listQuery },
  responses: {
    200: {
      description: "A page of organizations in the asked order",
      content: {
        "application/json": {
          schema: z
            .object({ data: z.array(organizationSummarySchema), total: z.number().int() })
            .openapi("OperatorOrganizationPage"),
        },
      },
    },
    ...operatorErrors(400),
  },
});

/** `%`, `_` and `\` match themselves in a search, not as LIKE wildcards. */
function contains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

// Revenue order without a copy of Stripe's amounts: a paying subscription first, by plan tier,
// then the overage requests billed this month (the Revenue page reads the amounts from Stripe).
// Column names of the query below, never user input.
const ORDER: Record<(typeof ORGANIZATION_SORTS)[number], string[]> = {
  requests: ["requests"],
  errorRate: ["error_rate"],
  revenue: ["paying", "plan_rank", "overage_requests"],
  plan: ["plan_rank"],
  created: ["created_at"],
  name: ["lower(name)"],
};

export const listOrganizationsHandler: RouteHandler<typeof listOrganizationsRoute, AppEnv> = async (c) => {
  const query = c.req.valid("query");
  const { from } = monthOf(Date.now());
  const planRank = sql.join(
    PLAN_IDS.map((plan, rank) => sql`when ${plan} then ${rank}`),
    sql` `,
  );
  const filters = [sql`true`];
  if (query.q) {
    filters.push(sql`(o.name ilike ${contains(query.q)} or o.slug ilike ${contains(query.q)}
      or o.stripe_customer_id = ${query.q}
      or exists (select 1 from members m join users u on u.id = m.user_id
                 where m.organization_id = o.id and u.email ilike ${contains(query.q)}))`);
  }
  if (query.plan) filters.push(sql`o.plan = ${query.plan}`);
  if (query.status === "suspended") filters.push(sql`o.suspended_at is not null`);
  if (query.status === "active") filters.push(sql`o.suspended_at is null`);
  const direction = query.order === "asc" ? "asc" : "desc";
  const order = sql.raw(ORDER[query.sort].map((column) => `${column} ${direction} nulls last`).join(", "));
  const planQuota = sql.join(
    PLAN_IDS.map((plan) => sql`when ${plan} then ${PLANS[plan].monthlyQuota}::bigint`),
    sql` `,
  );
  const result = await c.var.services.database.db.execute(sql`
    with usage as (
      select organization_id, sum(request_count)::bigint as requests, sum(error_count)::bigint as errors,
             sum(billable_count)::bigint as billable
      from usage_rollups_key_hour where bucket >= ${from.toISOString()}::timestamptz
      group by organization_id
    ), listed as (
      select o.*, coalesce(u.requests, 0) as requests, coalesce(u.errors, 0) as errors,
             coalesce(u.billable, 0) as billable,
             case when coalesce(u.requests, 0) = 0 then 0
                  else coalesce(u.errors, 0)::float8 / u.requests end as error_rate,
             (case o.plan ${planRank} end) as plan_rank,
             (o.subscription_status in ('active', 'trialing', 'past_due'))::int as paying,
             case when o.overage_policy = 'bill_overage'
                  then greatest(0, coalesce(u.billable, 0) - coalesce((case o.plan ${planQuota} end), 0))
                  else 0 end as overage_requests,
             (select count(*) from members m where m.organization_id = o.id) as member_count
      from organizations o left join usage u on u.organization_id = o.id
      where ${sql.join(filters, sql` and `)}
    )
    select *, count(*) over () as total
    from listed
    order by ${order}, id
    limit ${query.limit} offset ${query.offset}
  `);
  const rows = result.rows as Record<string, unknown>[];
  return c.json({ data: rows.map(toOrganizationSummary), total: Number(rows[0]?.total ?? 0) }, 200);
};
