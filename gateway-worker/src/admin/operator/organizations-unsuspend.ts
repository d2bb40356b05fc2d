// POST /api/operator/organizations/{organizationId}/unsuspend — lift a suspension: the
// organization's keys work again within the 2 s bound, exactly as before (nothing was deleted).
import { pgText } from "@edgegate/shared/input";
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { operatorOf } from "../../auth/operators.ts";
import { operatorPermission } from "../../auth/roles.ts";
import type { AppEnv } from "../../context.ts";
import { setOrganizationSuspension, suspensionView } from "../../services/organization-suspension.ts";
import { recordPlatformAudit } from "../../services/platform-audit.ts";
import { jsonBody } from "../schemas.ts";
import {
  OPERATOR_ACTOR,
  operatorErrors,
  operatorSecurity,
  organizationParam,
  suspensionResultSchema,
} from "./shared.ts";

export const unsuspendBody = z
  .object({
    note: pgText()
      .pipe(z.string().trim().max(500))
      .optional()
      .openapi({ description: "Why (kept in the platform audit log)", example: "Invoices paid" }),
  })
  .strict()
  .openapi("UnsuspendOrganization");

export const unsuspendOrganizationRoute = createRoute({
  method: "post",
  path: "/operator/organizations/{organizationId}/unsuspend",
  tags: ["Operator"],
  summary: "Lift an organization's suspension (operators only)",
  operationId: "unsuspendOperatorOrganization",
  security: operatorSecurity,
  ...operatorPermission(),
  request: { params: organizationParam, body: jsonBody(unsuspendBody) },
  responses: {
    200: {
      description: "Unsuspended; its keys work again within 2 s",
      content: { "application/json": { schema: suspensionResultSchema } },
    },
    ...operatorErrors(400, 409, 413, 415, 503),
  },
});

export const unsuspendOrganizationHandler: RouteHandler<typeof unsuspendOrganizationRoute, AppEnv> = async (
  c,
) => {
  const operator = operatorOf(c);
  const { organizationId } = c.req.valid("param");
  const { note } = c.req.valid("json");
  const change = await setOrganizationSuspension(c.var.services, organizationId, null, {
    actor: OPERATOR_ACTOR,
    request: c.req.raw,
    within: async (tx, { before, after }) => {
      await recordPlatformAudit(
        c,
        operator,
        {
          action: "organization.unsuspend",
          organizationId,
          targetType: "organization",
          targetId: organizationId,
          before: suspensionView(before),
          after: { ...suspensionView(after), ...(note ? { note } : {}) },
        },
        tx,
      );
    },
  });
  return c.json(suspensionView(change.after), 200);
};
