// The request-log entry as the admin API returns it (the log explorer's LogEntry), and what the
// log routes share. Every query is scoped to the caller's organization: a `keyId` of another
// organization's key matches nothing, another organization's request id is not found.
import { z } from "@hono/zod-openapi";
import { routePermission } from "../../auth/roles.ts";
import { adminSecurity, timestamp } from "../schemas.ts";

export const logRouteBase = {
  method: "get" as const,
  tags: ["Request logs"] as string[],
  security: adminSecurity,
  ...routePermission("analytics:read"),
};

export const logEntrySchema = z
  .object({
    id: z.uuid().openapi({ description: "The request id (the X-Request-ID the gateway answered with)" }),
    createdAt: timestamp,
    apiKeyId: z.string().nullable(),
    method: z.string().openapi({ example: "GET" }),
    path: z.string().openapi({ example: "/v1/orders" }),
    status: z.number().int(),
    latencyMs: z.number().int(),
    upstreamTtfbMs: z.number().int().nullable(),
    requestBytes: z.number().int(),
    responseBytes: z.number().int(),
    clientIp: z.string().nullable(),
    country: z.string().nullable(),
    userAgent: z.string().nullable(),
    errorCode: z.string().nullable(),
    rateLimitOutcome: z.string().nullable(),
    failOpen: z.boolean(),
  })
  .openapi("RequestLog");
