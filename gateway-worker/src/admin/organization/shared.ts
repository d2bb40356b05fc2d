import { PLAN_IDS, type PlanId } from "@edgegate/shared/plans";
import { z } from "@hono/zod-openapi";
import type { Services } from "../../context.ts";
import { MEMBER_ROLES } from "../../db/schema/auth.ts";
import type { Organization } from "../../db/schema/organizations.ts";
import { billableTotal, monthOf } from "../../services/billing/ledger.ts";
import { effectiveOrganizationLimits } from "../../services/limiter.ts";
import { timestamp } from "../schemas.ts";

export const organizationSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    slug: z.string(),
    plan: z.enum(PLAN_IDS as [PlanId, ...PlanId[]]),
    subscriptionStatus: z.string(),
    createdAt: timestamp,
  })
  .openapi("Organization");

export const organizationSettingsSchema = organizationSchema
  .extend({
    /** Set while the platform operator has suspended the organization (its keys are refused). */
    suspension: z.object({ since: timestamp, reason: z.string() }).nullable().openapi({
      description: "Why and since when the API provider suspended the organization; null if not",
    }),
    planLimits: z.object({
      name: z.string(),
      requestsPerMinute: z.number().int(),
      burst: z.number().int(),
      monthlyQuota: z.number().int().nullable(),
    }),
    usage: z.object({
      month: z.string().openapi({ example: "2026-11" }),
      requests: z.number().int(),
      quota: z.number().int().nullable(),
    }),
    members: z.array(
      z.object({
        id: z.string(),
        userId: z.string(),
        name: z.string(),
        email: z.string(),
        role: z.enum(MEMBER_ROLES),
        createdAt: timestamp,
      }),
    ),
    invitations: z.array(
      z.object({
        id: z.string(),
        email: z.string(),
        role: z.enum(MEMBER_ROLES),
        status: z.string(),
        expiresAt: timestamp,
      }),
    ),
  })
  .openapi("OrganizationSettings");

export function toOrganizationView(org: Organization): z.infer<typeof organizationSchema> {
  return {
    id: org.id,
    name: org.name,
    slug: org.slug,
    plan: org.plan,
    subscriptionStatus: org.subscriptionStatus,
    createdAt: org.createdAt.toISOString(),
  };
}

/**
 * This month's billable requests, from the billing ledger: the same number the Billing page, the
 * analytics and Stripe's meter show (the Redis counter is only the gateway's fast copy of it).
 */
export async function monthUsage(services: Pick<Services, "database">, org: Organization, now = Date.now()) {
  const requests = await billableTotal(services, org.id, monthOf(now));
  return {
    month: new Date(now).toISOString().slice(0, 7),
    requests,
    quota: effectiveOrganizationLimits(org, now).monthlyQuota,
  };
}
