// What every operator route shares: its security requirement (a session cookie only: automation
// tokens are never operators) and its documented errors (404 for anyone who is not an operator).
import { pgText } from "@edgegate/shared/input";
import { PLAN_IDS, type PlanId } from "@edgegate/shared/plans";
import { z } from "@hono/zod-openapi";
import type { LimitsOverride } from "../../db/schema/organizations.ts";
import type { AuditActor } from "../../services/audit.ts";
import { activeOverride } from "../../services/limiter.ts";
import { errorEnvelopeSchema, errorResponses, timestamp } from "../schemas.ts";

export const operatorSecurity: Array<Record<string, string[]>> = [{ sessionCookie: [] }];

const notOperator = {
  404: {
    description:
      "Not an operator (signed out, any organization role, any automation token), or no such object: the same answer as an unknown path",
    content: { "application/json": { schema: errorEnvelopeSchema } },
  },
} as const;

/** The route's documented errors: 404 always, plus the given client errors. */
export function operatorErrors<const S extends 400 | 409 | 413 | 415 | 503>(...statuses: S[]) {
  return { ...errorResponses(...statuses), ...notOperator };
}

/** `{organizationId}` in an operator route's path. */
export const organizationParam = z.object({
  organizationId: pgText()
    .pipe(z.string().min(1).max(128))
    .openapi({ param: { name: "organizationId", in: "path" }, example: "org_3f9c1a" }),
});

/** An operator's custom limits (an "enterprise deal"), as stored and shown. */
export const limitsOverrideSchema = z
  .object({
    requestsPerMinute: z.number().int().min(1).max(1_000_000),
    burst: z.number().int().min(1).max(1_000_000),
    monthlyQuota: z.number().int().min(1).max(1_000_000_000_000).nullable(),
    expiresAt: timestamp.nullable(),
  })
  .openapi("LimitsOverride");

export const organizationSummarySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    slug: z.string(),
    plan: z.enum(PLAN_IDS as [PlanId, ...PlanId[]]),
    subscriptionStatus: z.string(),
    stripeCustomerId: z.string().nullable(),
    suspended: z.boolean(),
    suspendedAt: timestamp.nullable(),
    /** In force now (an expired override is not shown as one). */
    limitsOverride: limitsOverrideSchema.nullable(),
    memberCount: z.number().int(),
    requestsThisMonth: z.number().int(),
    errorsThisMonth: z.number().int(),
    errorRate: z
      .number()
      .openapi({ description: "errorsThisMonth / requestsThisMonth (0 without requests)" }),
    billableThisMonth: z.number().int(),
    overageRequestsThisMonth: z.number().int(),
    createdAt: timestamp,
  })
  .openapi("OperatorOrganizationSummary");

export type OrganizationSummary = z.infer<typeof organizationSummarySchema>;

const asDate = (value: unknown): Date => (value instanceof Date ? value : new Date(String(value)));

/** A row of the list query (snake_case, numbers as strings from Postgres) as the API shows it. */
export function toOrganizationSummary(row: Record<string, unknown>): OrganizationSummary {
  const suspendedAt = row.suspended_at === null ? null : asDate(row.suspended_at);
  return {
    id: String(row.id),
    name: String(row.name),
    slug: String(row.slug),
    plan: row.plan as PlanId,
    subscriptionStatus: String(row.subscription_status),
    stripeCustomerId: row.stripe_customer_id === null ? null : String(row.stripe_customer_id),
    suspended: suspendedAt !== null,
    suspendedAt: suspendedAt?.toISOString() ?? null,
    limitsOverride: activeOverride((row.limits_override as LimitsOverride | null) ?? null, Date.now()),
    memberCount: Number(row.member_count),
    requestsThisMonth: Number(row.requests),
    errorsThisMonth: Number(row.errors),
    errorRate: Number(row.error_rate),
    billableThisMonth: Number(row.billable),
    overageRequestsThisMonth: Number(row.overage_requests),
    createdAt: asDate(row.created_at).toISOString(),
  };
}

/**
 * How an operator's change appears in the organization's own audit trail: the platform acted
 * (who exactly is in the platform audit log, not shown to the customer).
 */
export const OPERATOR_ACTOR: AuditActor = { type: "system", id: null, label: "Platform operator" };

export const suspensionResultSchema = z
  .object({ suspended: z.boolean(), suspendedAt: timestamp.nullable(), reason: z.string().nullable() })
  .openapi("OrganizationSuspension");
