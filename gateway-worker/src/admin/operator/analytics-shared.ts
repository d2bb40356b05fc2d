// What the operator console's analytics routes share (GET /api/operator/analytics/*): the same
// query strings and response schemas as the organization analytics (admin/analytics/shared.ts),
// read across every organization from the same rollups.
import { z } from "@hono/zod-openapi";
import { operatorPermission } from "../../auth/roles.ts";
import { latencyMs, ratio } from "../analytics/shared.ts";
import { operatorErrors, operatorSecurity } from "./shared.ts";

export const operatorAnalyticsBase = {
  method: "get" as const,
  tags: ["Operator"] as string[],
  security: operatorSecurity,
  ...operatorPermission(),
};

export const operatorAnalyticsErrors = operatorErrors(400);

const organizationRef = {
  organizationId: z.string().openapi({ example: "org_3f9c1a" }),
  name: z.string().nullable().openapi({ description: "null for an organization deleted since" }),
  slug: z.string().nullable(),
};

export const organizationStatsSchema = z
  .object({
    ...organizationRef,
    plan: z.string().nullable(),
    requests: z.number().int(),
    errors: z.number().int(),
    errorRate: ratio,
    rateLimited: z.number().int(),
    failOpen: z.number().int().openapi({ description: "Requests admitted without Redis's verdict" }),
    p95: latencyMs,
  })
  .openapi("OperatorOrganizationStats");

export const platformEndpointSchema = z
  .object({
    ...organizationRef,
    method: z.string().openapi({ example: "GET" }),
    path: z.string().openapi({ example: "/v1/orders" }),
    requests: z.number().int(),
    errors: z.number().int(),
    errorRate: ratio,
    p95: latencyMs,
  })
  .openapi("OperatorEndpointStats");
