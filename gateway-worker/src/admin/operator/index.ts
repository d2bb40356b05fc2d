// The operator console's routes (/api/operator/*), one operation per file, registered here and
// only here; `registerOperatorRoutes` is called once from admin/index.ts. Every route spreads
// `operatorPermission()` (src/auth/roles.ts): a non-operator gets 404 on all of them, and the
// OpenAPI-driven sweep (test/admin/tenancy-roles.test.ts) checks that from the document.
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../context.ts";
import { operatorStatusCodesHandler, operatorStatusCodesRoute } from "./analytics-status-codes.ts";
import { operatorSummaryHandler, operatorSummaryRoute } from "./analytics-summary.ts";
import { operatorTimeSeriesHandler, operatorTimeSeriesRoute } from "./analytics-timeseries.ts";
import { operatorTopEndpointsHandler, operatorTopEndpointsRoute } from "./analytics-top-endpoints.ts";
import { topOrganizationsHandler, topOrganizationsRoute } from "./analytics-top-organizations.ts";
import { listPlatformAuditLogsHandler, listPlatformAuditLogsRoute } from "./audit-logs.ts";
import { grantOperatorHandler, grantOperatorRoute } from "./operators-grant.ts";
import { listOperatorsHandler, listOperatorsRoute } from "./operators-list.ts";
import { revokeOperatorHandler, revokeOperatorRoute } from "./operators-revoke.ts";
import { getOrganizationHandler, getOrganizationRoute } from "./organizations-get.ts";
import { listOrganizationsHandler, listOrganizationsRoute } from "./organizations-list.ts";
import { setLimitsHandler, setLimitsRoute } from "./organizations-set-limits.ts";
import { suspendOrganizationHandler, suspendOrganizationRoute } from "./organizations-suspend.ts";
import { unsuspendOrganizationHandler, unsuspendOrganizationRoute } from "./organizations-unsuspend.ts";
import { queueDepthHandler, queueDepthRoute } from "./queues.ts";
import { revenueHandler, revenueRoute } from "./revenue.ts";
import { webhookHealthHandler, webhookHealthRoute } from "./webhook-health.ts";

export function registerOperatorRoutes(admin: OpenAPIHono<AppEnv>): void {
  admin.openapi(listOrganizationsRoute, listOrganizationsHandler);
  admin.openapi(getOrganizationRoute, getOrganizationHandler);
  admin.openapi(setLimitsRoute, setLimitsHandler);
  admin.openapi(suspendOrganizationRoute, suspendOrganizationHandler);
  admin.openapi(unsuspendOrganizationRoute, unsuspendOrganizationHandler);
  admin.openapi(listPlatformAuditLogsRoute, listPlatformAuditLogsHandler);
  // Who operates the platform: grants by another operator (never an organization owner).
  admin.openapi(listOperatorsRoute, listOperatorsHandler);
  admin.openapi(grantOperatorRoute, grantOperatorHandler);
  admin.openapi(revokeOperatorRoute, revokeOperatorHandler);
  // Insights (read-only, platform-wide).
  admin.openapi(operatorSummaryRoute, operatorSummaryHandler);
  admin.openapi(operatorTimeSeriesRoute, operatorTimeSeriesHandler);
  admin.openapi(operatorStatusCodesRoute, operatorStatusCodesHandler);
  admin.openapi(topOrganizationsRoute, topOrganizationsHandler);
  admin.openapi(operatorTopEndpointsRoute, operatorTopEndpointsHandler);
  admin.openapi(webhookHealthRoute, webhookHealthHandler);
  admin.openapi(queueDepthRoute, queueDepthHandler);
  admin.openapi(revenueRoute, revenueHandler);
}
