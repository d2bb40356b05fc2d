// PATCH /api/organization — rename the organization or change its slug.
import { ApiError } from "@edgegate/shared/errors";
import { organizationName, organizationSlug } from "@edgegate/shared/profile-fields";
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import { callerOf } from "../../auth/caller.ts";
import { routePermission } from "../../auth/roles.ts";
import type { AppEnv } from "../../context.ts";
import { organizations } from "../../db/schema/organizations.ts";
import { recordAudit } from "../../services/audit.ts";
import { adminSecurity, errorResponses, isUniqueViolation, jsonBody, mutationErrors } from "../schemas.ts";
import { organizationSchema, toOrganizationView } from "./shared.ts";

export const updateOrganizationBody = z
  .object({
    name: organizationName().optional(),
    slug: organizationSlug().optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, "at least one field is required")
  .openapi("UpdateOrganization");

export const updateOrganizationRoute = createRoute({
  method: "patch",
  path: "/organization",
  tags: ["Organization"],
  summary: "Update the organization's name or slug",
  operationId: "updateOrganization",
  security: adminSecurity,
  ...routePermission("org:write"),
  request: { body: jsonBody(updateOrganizationBody) },
  responses: {
    200: {
      description: "The updated organization",
      content: { "application/json": { schema: organizationSchema } },
    },
    ...mutationErrors,
    ...errorResponses(409),
  },
});

export const updateOrganizationHandler: RouteHandler<typeof updateOrganizationRoute, AppEnv> = async (c) => {
  const { organizationId } = callerOf(c);
  const body = c.req.valid("json");
  const { db } = c.var.services.database;
  const [before] = await db.select().from(organizations).where(eq(organizations.id, organizationId)).limit(1);
  if (!before) throw new ApiError("NOT_FOUND", "No such organization.");
  let row: typeof organizations.$inferSelect | undefined;
  try {
    [row] = await db
      .update(organizations)
      .set({ ...body, updatedAt: new Date() })
      .where(eq(organizations.id, organizationId))
      .returning();
  } catch (error) {
    if (isUniqueViolation(error)) throw new ApiError("CONFLICT", "That slug is taken.");
    throw error;
  }
  if (!row) throw new ApiError("NOT_FOUND", "No such organization.");
  await recordAudit(c, {
    action: "organization.update",
    targetType: "organization",
    targetId: organizationId,
    before: { name: before.name, slug: before.slug },
    after: { name: row.name, slug: row.slug },
  });
  return c.json(toOrganizationView(row), 200);
};
