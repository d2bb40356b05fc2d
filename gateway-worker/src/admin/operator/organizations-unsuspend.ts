// POST /api/operator/organizations/{organizationId}/unsuspend — lift a suspension: the
// organization's keys work again within the 2 s bound, exactly as before (nothing was deleted).
import { pgText } from "@edgegate/shared/input";
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { operatorPermission } from "../../auth/roles.ts";
import type { AppEnv } from "../../context.ts";
import { jsonBody } from "../schemas.ts";
import { operatorErrors, operatorSecurity, organizationParam, suspensionResultSchema } from "./shared.ts";
import { changeSuspension } from "./suspension.ts";

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
  const { organizationId } = c.req.valid("param");
  const { note } = c.req.valid("json");
  return c.json(await changeSuspension(c, organizationId, null, note), 200);
};
