// Response schemas shared by the analytics routes (GET /api/analytics/*). The query strings are
// validated with the query layer's own schemas (src/services/analytics/schemas.ts); every query
// is scoped to the caller's organization, so a `keyId` of another organization's key matches
// nothing (an empty result, never that organization's data).
import { z } from "@hono/zod-openapi";
import { routePermission } from "../../auth/roles.ts";
import {
  analyticsRangeSchema,
  timeSeriesQuerySchema,
  topQuerySchema,
} from "../../services/analytics/index.ts";
import { adminSecurity, authErrors, errorResponses, timestamp } from "../schemas.ts";

interface FieldDoc {
  description?: string;
  example?: string | number;
  type?: "string";
  format?: string;
  pattern?: string;
  param?: { required?: boolean };
}

/**
 * The query layer's schema with OpenAPI descriptions on some fields; validation is unchanged
 * (`.openapi()` only adds metadata, `safeExtend` keeps the refinements). Coerced dates are
 * documented as date-time strings, required where the schema requires them.
 */
export function documented<S extends z.ZodObject>(schema: S, docs: Record<string, FieldDoc>): S {
  const shape = schema.shape as Record<string, z.ZodType>;
  const fields: Record<string, z.ZodType> = {};
  for (const [name, doc] of Object.entries(docs)) {
    const field = shape[name];
    if (!field) throw new Error(`no query field ${name}`);
    // zod copies prototype methods onto each instance when it is built, so a schema built
    // before @hono/zod-openapi was first imported has no `.openapi`; its clone does.
    fields[name] = field.clone().openapi(doc as never);
  }
  return schema.safeExtend(fields) as unknown as S;
}

const instant = { type: "string", format: "date-time", example: "2026-11-27T00:00:00Z" } as const;
export const RANGE_DOCS = {
  from: { ...instant, description: "Start of the range (inclusive)", param: { required: true } },
  to: { ...instant, description: "End of the range (exclusive)", param: { required: true } },
  keyId: {
    description: "Only this API key's traffic (a key of another organization matches nothing)",
    example: "key_01",
  },
  timeZone: { description: "IANA time zone the buckets align to", example: "Europe/Berlin" },
} satisfies Record<string, FieldDoc>;

export const rangeQuery = documented(analyticsRangeSchema, RANGE_DOCS);
export const topQuery = documented(topQuerySchema, {
  ...RANGE_DOCS,
  limit: { description: "How many rows (most requests first)" },
});
export const timeSeriesQuery = documented(timeSeriesQuerySchema, {
  ...RANGE_DOCS,
  granularity: { description: "Bucket size; `auto` picks one from the range's length" },
});

/** What every analytics route has in common. */
export const analyticsRouteBase = {
  method: "get" as const,
  tags: ["Analytics"] as string[],
  security: adminSecurity,
  ...routePermission("analytics:read"),
};

export const analyticsErrors = { ...errorResponses(400), ...authErrors };

export const ratio = z.number().min(0).max(1);
export const latencyMs = z
  .number()
  .nullable()
  .openapi({ description: "Milliseconds; null without requests" });

export const periodSummarySchema = z
  .object({
    from: timestamp,
    to: timestamp,
    totalRequests: z.number().int(),
    successRate: ratio.nullable(),
    errorRate: ratio.nullable(),
    errorCount: z.number().int(),
    rateLimitedCount: z.number().int(),
    failOpenCount: z.number().int().openapi({
      description:
        "Requests admitted without Redis's verdict (Redis slow or down): limited only by each isolate's own copy of the key's limits",
    }),
    avgLatencyMs: latencyMs,
    requestBytes: z.number().int(),
    responseBytes: z.number().int(),
    bandwidthBytes: z.number().int(),
    p50: latencyMs,
    p95: latencyMs,
    p99: latencyMs,
  })
  .openapi("AnalyticsPeriodSummary");

export const summarySchema = z
  .object({
    current: periodSummarySchema,
    previous: periodSummarySchema.openapi({
      description: "The period of equal length just before `from`",
    }),
    change: z
      .object({
        totalRequests: z.number().nullable(),
        errorRate: z.number().nullable(),
        p95: z.number().nullable(),
        bandwidthBytes: z.number().nullable(),
      })
      .openapi({
        description: "Relative change from the previous period (0.25 = +25 %); null where it was 0 or empty",
      }),
  })
  .openapi("AnalyticsSummary");

export const timeSeriesSchema = z
  .object({
    granularity: z.enum(["minute", "hour", "day"]),
    timeZone: z.string().openapi({ example: "Europe/Berlin" }),
    points: z.array(
      z.object({
        bucket: timestamp.openapi({ description: "The bucket's start" }),
        requests: z.number().int(),
        errors: z.number().int(),
        rateLimited: z.number().int(),
        bandwidthBytes: z.number().int(),
        p50: latencyMs,
        p95: latencyMs,
        p99: latencyMs,
      }),
    ),
  })
  .openapi("AnalyticsTimeSeries");

export const endpointStatsSchema = z
  .object({
    method: z.string().openapi({ example: "GET" }),
    path: z.string().openapi({ example: "/v1/orders/:id" }),
    requests: z.number().int(),
    errors: z.number().int(),
    errorRate: ratio,
    p95: latencyMs,
  })
  .openapi("AnalyticsEndpoint");

export const statusBreakdownSchema = z
  .object({
    byCode: z.array(z.object({ status: z.number().int(), requests: z.number().int() })),
    byClass: z.object({
      "1xx": z.number().int(),
      "2xx": z.number().int(),
      "3xx": z.number().int(),
      "4xx": z.number().int(),
      "5xx": z.number().int(),
    }),
  })
  .openapi("AnalyticsStatusBreakdown");

export const keyStatsSchema = z
  .object({
    apiKeyId: z.string().nullable(),
    name: z.string().nullable().openapi({ description: "null for a key deleted since" }),
    displayPrefix: z.string().nullable(),
    requests: z.number().int(),
    errors: z.number().int(),
    rateLimited: z.number().int(),
    bandwidthBytes: z.number().int(),
    p95: latencyMs,
  })
  .openapi("AnalyticsKey");

export const clientStatsSchema = z
  .object({
    value: z.string().nullable().openapi({ description: "The client IP or country code; null when unknown" }),
    requests: z.number().int(),
    errors: z.number().int(),
  })
  .openapi("AnalyticsConsumer");
