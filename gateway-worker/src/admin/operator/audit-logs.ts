// GET /api/operator/audit-logs — the platform audit log: every operator action across every
// organization, newest first, filtered by action, organization, operator and time, with keyset
// pagination (the organization audit log's scheme).
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { eq, type SQL } from "drizzle-orm";
import { operatorPermission } from "../../auth/roles.ts";
import type { AppEnv } from "../../context.ts";
import { type PlatformAuditLog, platformAuditLogs } from "../../db/schema/platform.ts";
import { auditLogPage, auditLogQuery } from "../audit-page.ts";
import { pageResponse, timestamp } from "../schemas.ts";
import { operatorErrors, operatorSecurity } from "./shared.ts";

export const platformAuditLogSchema = z
  .object({
    id: z.string(),
    actorUserId: z.string(),
    actorEmail: z.string(),
    action: z.string().openapi({ example: "organization.suspend" }),
    organizationId: z.string().nullable(),
    targetType: z.string(),
    targetId: z.string().nullable(),
    before: z.record(z.string(), z.unknown()).nullable(),
    after: z.record(z.string(), z.unknown()).nullable(),
    requestId: z.string().nullable(),
    ipAddress: z.string().nullable(),
    createdAt: timestamp,
  })
  .openapi("PlatformAuditLog");

export function toPlatformAuditView(row: PlatformAuditLog): z.infer<typeof platformAuditLogSchema> {
  return {
    id: row.id,
    actorUserId: row.actorUserId,
    actorEmail: row.actorEmail,
    action: row.action,
    organizationId: row.organizationId,
    targetType: row.targetType,
    targetId: row.targetId,
    before: row.before,
    after: row.after,
    requestId: row.requestId,
    ipAddress: row.ipAddress,
    createdAt: row.createdAt.toISOString(),
  };
}

export const listPlatformAuditLogsRoute = createRoute({
  method: "get",
  path: "/operator/audit-logs",
  tags: ["Operator"],
  summary: "List platform audit-log entries (operators only)",
  operationId: "listPlatformAuditLogs",
  security: operatorSecurity,
  ...operatorPermission(),
  request: {
    query: auditLogQuery(
      { organizationId: z.string().max(128).optional() },
      { actionExample: "organization.", actorDescription: "The operator's user id" },
    ),
  },
  responses: {
    200: pageResponse(platformAuditLogSchema, "PlatformAuditLogPage", "A page of entries, newest first"),
    ...operatorErrors(400),
  },
});

export const listPlatformAuditLogsHandler: RouteHandler<typeof listPlatformAuditLogsRoute, AppEnv> = async (
  c,
) => {
  const query = c.req.valid("query");
  const conditions: (SQL | undefined)[] = [];
  if (query.organizationId) conditions.push(eq(platformAuditLogs.organizationId, query.organizationId));
  const page = await auditLogPage(
    c.var.services.database.db,
    platformAuditLogs,
    platformAuditLogs.actorUserId,
    query,
    conditions,
    toPlatformAuditView,
  );
  return c.json(page, 200);
};
