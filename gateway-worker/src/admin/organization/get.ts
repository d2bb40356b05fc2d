// GET /api/organization — the caller's active organization: name and slug, plan and its
// limits, this month's usage against the quota, members and pending invitations.

import { ApiError } from "@edgegate/shared/errors";
import { PLANS } from "@edgegate/shared/plans";
import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import { and, asc, eq } from "drizzle-orm";
import { callerOf } from "../../auth/caller.ts";
import { routePermission } from "../../auth/roles.ts";
import type { AppEnv } from "../../context.ts";
import { invitations, members, users } from "../../db/schema/auth.ts";
import { organizations } from "../../db/schema/organizations.ts";
import { adminSecurity, authErrors } from "../schemas.ts";
import { monthUsage, organizationSettingsSchema, toOrganizationView } from "./shared.ts";

export const getOrganizationRoute = createRoute({
  method: "get",
  path: "/organization",
  tags: ["Organization"],
  summary: "Organization settings, plan and usage",
  operationId: "getOrganization",
  security: adminSecurity,
  ...routePermission("org:read"),
  responses: {
    200: {
      description: "The active organization",
      content: { "application/json": { schema: organizationSettingsSchema } },
    },
    ...authErrors,
  },
});

export const getOrganizationHandler: RouteHandler<typeof getOrganizationRoute, AppEnv> = async (c) => {
  const { organizationId } = callerOf(c);
  const { db } = c.var.services.database;
  const [org] = await db.select().from(organizations).where(eq(organizations.id, organizationId)).limit(1);
  if (!org) throw new ApiError("NOT_FOUND", "No such organization.");
  const [memberRows, invitationRows, usage] = await Promise.all([
    db
      .select({ member: members, user: { name: users.name, email: users.email } })
      .from(members)
      .innerJoin(users, eq(users.id, members.userId))
      .where(eq(members.organizationId, organizationId))
      .orderBy(asc(members.createdAt)),
    db
      .select()
      .from(invitations)
      .where(and(eq(invitations.organizationId, organizationId), eq(invitations.status, "pending")))
      .orderBy(asc(invitations.createdAt)),
    monthUsage(c.var.services, org),
  ]);
  return c.json(
    {
      ...toOrganizationView(org),
      suspension: org.suspendedAt
        ? { since: org.suspendedAt.toISOString(), reason: org.suspendedReason ?? "" }
        : null,
      planLimits: PLANS[org.plan],
      usage,
      members: memberRows.map(({ member, user }) => ({
        id: member.id,
        userId: member.userId,
        name: user.name,
        email: user.email,
        role: member.role,
        createdAt: member.createdAt.toISOString(),
      })),
      invitations: invitationRows.map((row) => ({
        id: row.id,
        email: row.email,
        role: row.role,
        status: row.status,
        expiresAt: row.expiresAt.toISOString(),
      })),
    },
    200,
  );
};
