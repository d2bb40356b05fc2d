// POST /api/operator/organizations/{organizationId}/suspend — suspend with a reason: every key
// of the organization is refused at the edge with 403 ORGANIZATION_SUSPENDED within the 2 s
// bound; nothing is deleted, and its members see the reason in the console.
import { pgText } from "@edgegate/shared/input";
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { operatorPermission } from "../../auth/roles.ts";
import type { AppEnv } from "../../context.ts";
import { jsonBody } from "../schemas.ts";
import { operatorErrors, operatorSecurity, organizationParam, suspensionResultSchema } from "./shared.ts";
import { changeSuspension } from "./suspension.ts";

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
  const { organizationId } = c.req.valid("param");
  const { reason } = c.req.valid("json");
  return c.json(await changeSuspension(c, organizationId, reason), 200);
};
