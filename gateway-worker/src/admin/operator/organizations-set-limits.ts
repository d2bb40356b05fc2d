// PUT /api/operator/organizations/{organizationId}/limits — set an organization's plan and/or
// custom limits (rate per minute, burst, monthly quota: an "enterprise deal") with an optional
// expiry. Goes through applyOrganizationBilling, the one way limits change, so the gateway
// enforces it on the next request of any of the organization's keys (the 2 s bound). An expired
// override stops applying at once (evaluated per request); the stored one stays visible here.
// Recorded in the platform audit log (before/after) in the change's transaction.
import { PLAN_IDS, type PlanId } from "@edgegate/shared/plans";
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { operatorOf } from "../../auth/operators.ts";
import { operatorPermission } from "../../auth/roles.ts";
import type { AppEnv } from "../../context.ts";
import { applyOrganizationBilling, auditView } from "../../services/billing/organization-limits.ts";
import { recordPlatformAudit } from "../../services/platform-audit.ts";
import { jsonBody, timestampInput } from "../schemas.ts";
import { OPERATOR_ACTOR, operatorErrors, operatorSecurity, organizationParam } from "./shared.ts";

const overrideInput = z
  .object({
    requestsPerMinute: z.number().int().min(1).max(1_000_000),
    burst: z.number().int().min(1).max(1_000_000),
    monthlyQuota: z
      .number()
      .int()
      .min(1)
      .max(1_000_000_000_000)
      .nullable()
      .openapi({ description: "Requests per month; null = no monthly quota" }),
    expiresAt: timestampInput
      .refine((value) => Date.parse(value) > Date.now(), "must be in the future")
      .nullable()
      .default(null)
      .openapi({ description: "When the plan's limits apply again; null = until removed" }),
  })
  .strict();

export const setLimitsBody = z
  .object({
    plan: z.enum(PLAN_IDS as [PlanId, ...PlanId[]]).optional(),
    limitsOverride: overrideInput.nullable().optional().openapi({ description: "null removes the override" }),
  })
  .strict()
  .refine((body) => body.plan !== undefined || body.limitsOverride !== undefined, {
    message: "give plan, limitsOverride or both",
    path: ["plan"],
  })
  .openapi("SetOrganizationLimits");

const limitsResultSchema = z
  .object({
    changed: z.boolean(),
    before: z.record(z.string(), z.unknown()),
    after: z.record(z.string(), z.unknown()),
  })
  .openapi("OrganizationLimitsChange");

export const setLimitsRoute = createRoute({
  method: "put",
  path: "/operator/organizations/{organizationId}/limits",
  tags: ["Operator"],
  summary: "Set an organization's plan or custom limits (operators only)",
  operationId: "setOperatorOrganizationLimits",
  security: operatorSecurity,
  ...operatorPermission(),
  request: { params: organizationParam, body: jsonBody(setLimitsBody) },
  responses: {
    200: {
      description: "What changed (before/after as recorded in the audit logs)",
      content: { "application/json": { schema: limitsResultSchema } },
    },
    ...operatorErrors(400, 409, 413, 415, 503),
  },
});

export const setLimitsHandler: RouteHandler<typeof setLimitsRoute, AppEnv> = async (c) => {
  const operator = operatorOf(c);
  const { organizationId } = c.req.valid("param");
  const body = c.req.valid("json");
  const applied = await applyOrganizationBilling(
    c.var.services,
    organizationId,
    {
      ...(body.plan ? { plan: body.plan } : {}),
      ...(body.limitsOverride !== undefined ? { limitsOverride: body.limitsOverride } : {}),
    },
    {
      actor: OPERATOR_ACTOR,
      request: c.req.raw,
      within: async (tx, change) => {
        await recordPlatformAudit(
          c,
          operator,
          {
            action: "organization.limits_update",
            organizationId,
            targetType: "organization",
            targetId: organizationId,
            before: auditView(change.before),
            after: auditView(change.after),
          },
          tx,
        );
      },
    },
  );
  return c.json(
    { changed: applied.changed, before: auditView(applied.before), after: auditView(applied.after) },
    200,
  );
};
