// The operator console's routes (/api/operator/*), one operation per file, registered here and
// only here; `registerOperatorRoutes` is called once from admin/index.ts. Every route spreads
// `operatorPermission()` (src/auth/roles.ts): a non-operator gets 404 on all of them, and the
// OpenAPI-driven sweep (test/admin/tenancy-roles.test.ts) checks that from the document.
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../context.ts";
import { listPlatformAuditLogsHandler, listPlatformAuditLogsRoute } from "./audit-logs.ts";

export function registerOperatorRoutes(admin: OpenAPIHono<AppEnv>): void {
  admin.openapi(listPlatformAuditLogsRoute, listPlatformAuditLogsHandler);
}
