// GET /api/operator/organizations/{organizationId} — one customer as an operator sees it: its
// members, keys (metadata only: never a secret or a hash), plan, limits in force and
// subscription, this month's usage by day (the billing ledger), invoices (from Stripe, when
// billing is on), recent server errors, and both audit trails (the organization's and the
// operators' actions on it).
import { ApiError } from "@edgegate/shared/errors";
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { asc, desc, eq } from "drizzle-orm";
import { operatorPermission } from "../../auth/roles.ts";
import type { AppEnv } from "../../context.ts";
import { apiKeys } from "../../db/schema/api-keys.ts";
import { auditLogs } from "../../db/schema/audit.ts";
import { members, users } from "../../db/schema/auth.ts";
import { billingSubscriptions } from "../../db/schema/billing.ts";
import { organizations } from "../../db/schema/organizations.ts";
import { platformAuditLogs } from "../../db/schema/platform.ts";
import { logQuerySchema } from "../../services/analytics/schemas.ts";
import { billableByDay, billableTotal, monthOf } from "../../services/billing/ledger.ts";
import { activeOverride, effectiveOrganizationLimits } from "../../services/limiter.ts";
import { apiKeySchema, toApiKeyView } from "../api-keys/shared.ts";
import { auditLogSchema, toAuditLogView } from "../audit/list.ts";
import { invoiceSchema, toInvoiceView } from "../billing/invoices.ts";
import { timestamp } from "../schemas.ts";
import { platformAuditLogSchema, toPlatformAuditView } from "./audit-logs.ts";
import { limitsOverrideSchema, operatorErrors, operatorSecurity, organizationParam } from "./shared.ts";

const RECENT = 20;

export const operatorOrganizationSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    slug: z.string(),
    createdAt: timestamp,
    plan: z.string(),
    overagePolicy: z.string(),
    spendCapRequests: z.number().int().nullable(),
    subscriptionStatus: z.string(),
    stripeCustomerId: z.string().nullable(),
    subscription: z
      .object({
        status: z.string(),
        currentPeriodEnd: timestamp.nullable(),
        cancelAtPeriodEnd: z.boolean(),
      })
      .nullable(),
    suspension: z.object({ since: timestamp, reason: z.string() }).nullable(),
    /** The override as stored, even when expired (`limits` shows what is in force). */
    limitsOverride: limitsOverrideSchema.nullable(),
    limits: z
      .object({
        source: z.enum(["plan", "override"]),
        requestsPerMinute: z.number().int(),
        burst: z.number().int(),
        monthlyQuota: z.number().int().nullable(),
      })
      .openapi({ description: "What the gateway enforces now (before any key's own limits)" }),
    usage: z.object({
      month: z.string(),
      requests: z.number().int(),
      byDay: z.array(z.object({ day: z.string(), requests: z.number().int() })),
    }),
    members: z.array(
      z.object({
        userId: z.string(),
        name: z.string(),
        email: z.string(),
        role: z.string(),
        joinedAt: timestamp,
      }),
    ),
    keys: z.array(apiKeySchema),
    /** null: billing is off, the organization has no Stripe customer, or Stripe did not answer. */
    invoices: z.array(invoiceSchema).nullable(),
    recentErrors: z.array(
      z.object({
        requestId: z.string(),
        at: timestamp,
        method: z.string(),
        path: z.string(),
        status: z.number().int(),
        errorCode: z.string().nullable(),
      }),
    ),
    auditTrail: z.array(auditLogSchema),
    operatorActions: z.array(platformAuditLogSchema),
  })
  .openapi("OperatorOrganization");

export const getOrganizationRoute = createRoute({
  method: "get",
  path: "/operator/organizations/{organizationId}",
  tags: ["Operator"],
  summary: "One customer organization in full (operators only)",
  operationId: "getOperatorOrganization",
  security: operatorSecurity,
  ...operatorPermission(),
  request: { params: organizationParam },
  responses: {
    200: {
      description: "The organization",
      content: { "application/json": { schema: operatorOrganizationSchema } },
    },
    ...operatorErrors(),
  },
});

export const getOrganizationHandler: RouteHandler<typeof getOrganizationRoute, AppEnv> = async (c) => {
  const { organizationId } = c.req.valid("param");
  const { services } = c.var;
  const { db } = services.database;
  const [org] = await db.select().from(organizations).where(eq(organizations.id, organizationId));
  if (!org) throw new ApiError("NOT_FOUND", "Organization not found.");
  const now = Date.now();
  const month = monthOf(now);
  const [memberRows, keyRows, subscription, requests, byDay, audit, operatorRows, errors, invoices] =
    await Promise.all([
      db
        .select({ member: members, user: { name: users.name, email: users.email } })
        .from(members)
        .innerJoin(users, eq(users.id, members.userId))
        .where(eq(members.organizationId, organizationId))
        .orderBy(asc(members.createdAt)),
      db
        .select()
        .from(apiKeys)
        .where(eq(apiKeys.organizationId, organizationId))
        .orderBy(desc(apiKeys.createdAt)),
      db.select().from(billingSubscriptions).where(eq(billingSubscriptions.organizationId, organizationId)),
      billableTotal(services, organizationId, month),
      billableByDay(services, organizationId, month),
      db
        .select()
        .from(auditLogs)
        .where(eq(auditLogs.organizationId, organizationId))
        .orderBy(desc(auditLogs.id))
        .limit(RECENT),
      db
        .select()
        .from(platformAuditLogs)
        .where(eq(platformAuditLogs.organizationId, organizationId))
        .orderBy(desc(platformAuditLogs.id))
        .limit(RECENT),
      services.analytics.logs(
        organizationId,
        logQuerySchema.parse({
          from: new Date(now - 7 * 86_400_000).toISOString(),
          status: "5xx",
          limit: "10",
        }),
      ),
      org.stripeCustomerId
        ? services.stripe.listInvoices(org.stripeCustomerId, 12).catch(() => null)
        : Promise.resolve(null),
    ]);
  const limits = effectiveOrganizationLimits(org, now);
  return c.json(
    {
      id: org.id,
      name: org.name,
      slug: org.slug,
      createdAt: org.createdAt.toISOString(),
      plan: org.plan,
      overagePolicy: org.overagePolicy,
      spendCapRequests: org.spendCapRequests,
      subscriptionStatus: org.subscriptionStatus,
      stripeCustomerId: org.stripeCustomerId,
      subscription: subscription[0]
        ? {
            status: subscription[0].status,
            currentPeriodEnd: subscription[0].currentPeriodEnd?.toISOString() ?? null,
            cancelAtPeriodEnd: subscription[0].cancelAtPeriodEnd,
          }
        : null,
      suspension: org.suspendedAt
        ? { since: org.suspendedAt.toISOString(), reason: org.suspendedReason ?? "" }
        : null,
      limitsOverride: org.limitsOverride,
      limits: {
        source: activeOverride(org.limitsOverride, now) ? ("override" as const) : ("plan" as const),
        ...limits,
      },
      usage: {
        month: month.from.toISOString().slice(0, 7),
        requests,
        byDay: byDay.map((day) => ({ day: day.day, requests: day.billable })),
      },
      members: memberRows.map(({ member, user }) => ({
        userId: member.userId,
        name: user.name,
        email: user.email,
        role: member.role,
        joinedAt: member.createdAt.toISOString(),
      })),
      keys: keyRows.map(toApiKeyView),
      invoices: invoices?.map(toInvoiceView) ?? null,
      recentErrors: errors.entries.map((entry) => ({
        requestId: entry.id,
        at: entry.createdAt,
        method: entry.method,
        path: entry.path,
        status: entry.status,
        errorCode: entry.errorCode,
      })),
      auditTrail: audit.map(toAuditLogView),
      operatorActions: operatorRows.map(toPlatformAuditView),
    },
    200,
  );
};
