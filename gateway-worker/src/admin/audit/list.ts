// GET /api/audit-logs — the organization's audit trail, newest first, filtered by action,
// target, actor and time range, with keyset pagination.
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { eq, type SQL } from "drizzle-orm";
import { callerOf } from "../../auth/caller.ts";
import { routePermission } from "../../auth/roles.ts";
import type { AppEnv } from "../../context.ts";
import { type AuditLog, auditLogs } from "../../db/schema/audit.ts";
import { auditLogPage, auditLogQuery } from "../audit-page.ts";
import { adminSecurity, authErrors, errorResponses, pageResponse, timestamp } from "../schemas.ts";

export const auditLogSchema = z
  .object({
    id: z.string(),
    actorType: z.enum(["user", "token", "system"]),
    actorId: z.string().nullable(),
    actorLabel: z.string().nullable(),
    action: z.string().openapi({ example: "api_key.rotate" }),
    targetType: z.string(),
    targetId: z.string().nullable(),
    ipAddress: z.string().nullable(),
    userAgent: z.string().nullable(),
    before: z.record(z.string(), z.unknown()).nullable(),
    after: z.record(z.string(), z.unknown()).nullable(),
    createdAt: timestamp,
  })
  .openapi("AuditLog");

export function toAuditLogView(row: AuditLog): z.infer<typeof auditLogSchema> {
  return {
    id: row.id,
    actorType: row.actorType,
    actorId: row.actorId,
    actorLabel: row.actorLabel,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    ipAddress: row.ipAddress,
    userAgent: row.userAgent,
    before: row.before,
    after: row.after,
    createdAt: row.createdAt.toISOString(),
  };
}

export const listAuditLogsRoute = createRoute({
  method: "get",
  path: "/audit-logs",
  tags: ["Audit log"],
  summary: "List audit-log entries",
  operationId: "listAuditLogs",
  security: adminSecurity,
  ...routePermission("audit:read"),
  request: {
    query: auditLogQuery(
      { targetType: z.string().max(64).optional(), targetId: z.string().max(128).optional() },
      { actionExample: "api_key." },
    ),
  },
  responses: {
    200: pageResponse(auditLogSchema, "AuditLogPage", "A page of entries, newest first"),
    ...errorResponses(400),
    ...authErrors,
  },
});

export const listAuditLogsHandler: RouteHandler<typeof listAuditLogsRoute, AppEnv> = async (c) => {
  const { organizationId } = callerOf(c);
  const query = c.req.valid("query");
  const conditions: (SQL | undefined)[] = [eq(auditLogs.organizationId, organizationId)];
  if (query.targetType) conditions.push(eq(auditLogs.targetType, query.targetType));
  if (query.targetId) conditions.push(eq(auditLogs.targetId, query.targetId));
  const page = await auditLogPage(
    c.var.services.database.db,
    auditLogs,
    auditLogs.actorId,
    query,
    conditions,
    toAuditLogView,
  );
  return c.json(page, 200);
};
