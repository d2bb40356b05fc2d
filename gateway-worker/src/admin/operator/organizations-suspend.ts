// POST /api/operator/organizations/{organizationId}/suspend — suspend with a reason: every key
// of the organization is refused at the edge with 403 ORGANIZATION_SUSPENDED within the 2 s
// bound; nothing is deleted, and its members see the reason in the console.
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

export const suspendBody = z
  .object({
    reason: pgText().pipe(z.string().trim().min(3).max(500)).openapi({
      description: "Shown to the organization's members",
      example: "Unpaid invoices since October",
    }),
  })
  .strict()
  .openapi("SuspendOrganization");

export const suspendOrganizationRoute = createRoute({
  method: "post",
  path: "/operator/organizations/{organizationId}/suspend",
  tags: ["Operator"],
  summary: "Suspend an organization (operators only)",
  operationId: "suspendOperatorOrganization",
  security: operatorSecurity,
  ...operatorPermission(),
  request: { params: organizationParam, body: jsonBody(suspendBody) },
  responses: {
    200: {
      description: "Suspended; its keys are refused within 2 s",
      content: { "application/json": { schema: suspensionResultSchema } },
    },
    ...operatorErrors(400, 409, 413, 415, 503),
  },
});

export const suspendOrganizationHandler: RouteHandler<typeof suspendOrganizationRoute, AppEnv> = async (
  c,
) => {
  const operator = operatorOf(c);
  const { organizationId } = c.req.valid("param");
  const { reason } = c.req.valid("json");
  const change = await setOrganizationSuspension(c.var.services, organizationId, reason, {
    actor: OPERATOR_ACTOR,
    request: c.req.raw,
    within: async (tx, { before, after }) => {
      await recordPlatformAudit(
        c,
        operator,
        {
          action: "organization.suspend",
          organizationId,
          targetType: "organization",
          targetId: organizationId,
          before: suspensionView(before),
          after: suspensionView(after),
        },
        tx,
      );
    },
  });
  return c.json(suspensionView(change.after), 200);
};
