// Query parameters of every analytics and log-explorer query, validated with zod. The admin
// API reuses these schemas for its routes (query strings: numbers and dates are coerced).
import { decimalIntOr, instant as sharedInstant } from "@edgegate/shared/input";
import { z } from "zod";

const DAY_MS = 86_400_000;
/** Longest range any analytics query accepts: rollups are kept 13 months. */
export const MAX_RANGE_DAYS = 400;
/** Most buckets a time series returns (an explicit granularity too fine for its range fails). */
export const MAX_SERIES_BUCKETS = 1_500;

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const timeZone = z
  .string()
  .max(64)
  .default("UTC")
  .refine(isTimeZone, { message: "must be an IANA time zone, e.g. Europe/Berlin" });
const keyId = z.string().min(1).max(64).optional();
const instant = sharedInstant();

/** A half-open range [from, to), optionally one key, and the time zone buckets align to. */
export const analyticsRangeSchema = z
  .object({ from: instant, to: instant, keyId, timeZone })
  .refine((q) => q.to.getTime() > q.from.getTime(), { message: "must be after from", path: ["to"] })
  .refine((q) => q.to.getTime() - q.from.getTime() <= MAX_RANGE_DAYS * DAY_MS, {
    message: `the range may span at most ${MAX_RANGE_DAYS} days`,
    path: ["from"],
  });
export type AnalyticsRange = z.infer<typeof analyticsRangeSchema>;

export const GRANULARITIES = ["minute", "hour", "day"] as const;
export type Granularity = (typeof GRANULARITIES)[number];
const GRANULARITY_MS: Record<Granularity, number> = { minute: 60_000, hour: 3_600_000, day: DAY_MS };

/** Up to 6 hours by minute, up to 7 days by hour, longer by day. */
export function autoGranularity(from: Date, to: Date): Granularity {
  const span = to.getTime() - from.getTime();
  if (span <= 6 * 3_600_000) return "minute";
  if (span <= 7 * DAY_MS) return "hour";
  return "day";
}

export const timeSeriesQuerySchema = z
  .object({
    from: instant,
    to: instant,
    keyId,
    timeZone,
    granularity: z.enum(["auto", ...GRANULARITIES]).default("auto"),
  })
  .refine((q) => q.to.getTime() > q.from.getTime(), { message: "must be after from", path: ["to"] })
  .refine((q) => q.to.getTime() - q.from.getTime() <= MAX_RANGE_DAYS * DAY_MS, {
    message: `the range may span at most ${MAX_RANGE_DAYS} days`,
    path: ["from"],
  })
  .refine(
    (q) =>
      q.granularity === "auto" ||
      (q.to.getTime() - q.from.getTime()) / GRANULARITY_MS[q.granularity] <= MAX_SERIES_BUCKETS,
    { message: `too fine for the range (at most ${MAX_SERIES_BUCKETS} buckets)`, path: ["granularity"] },
  );
export type TimeSeriesQuery = z.infer<typeof timeSeriesQuerySchema>;

const limit = (max: number, fallback: number) => decimalIntOr(1, max, fallback);

export const topQuerySchema = z
  .object({ from: instant, to: instant, keyId, timeZone, limit: limit(100, 10) })
  .refine((q) => q.to.getTime() > q.from.getTime(), { message: "must be after from", path: ["to"] })
  .refine((q) => q.to.getTime() - q.from.getTime() <= MAX_RANGE_DAYS * DAY_MS, {
    message: `the range may span at most ${MAX_RANGE_DAYS} days`,
    path: ["from"],
  });
export type TopQuery = z.infer<typeof topQuerySchema>;

/** A range and a list length, for platform reads that have no key or bucket (webhook health). */
export const rangeLimitQuerySchema = z
  .object({ from: instant, to: instant, limit: limit(100, 25) })
  .refine((q) => q.to.getTime() > q.from.getTime(), { message: "must be after from", path: ["to"] })
  .refine((q) => q.to.getTime() - q.from.getTime() <= MAX_RANGE_DAYS * DAY_MS, {
    message: `the range may span at most ${MAX_RANGE_DAYS} days`,
    path: ["from"],
  });
export type RangeLimitQuery = z.infer<typeof rangeLimitQuerySchema>;

/** `404` (one code) or `4xx` (a class). */
export const statusFilterSchema = z
  .string()
  .regex(/^([1-5][0-9]{2}|[1-5]xx)$/i, "must be a status code (404) or class (4xx)")
  .transform((value) =>
    /xx$/i.test(value)
      ? { kind: "class" as const, from: Number(value[0]) * 100, to: Number(value[0]) * 100 + 99 }
      : { kind: "code" as const, from: Number(value), to: Number(value) },
  );

export const logQuerySchema = z
  .object({
    from: instant.optional(),
    to: instant.optional(),
    keyId,
    status: statusFilterSchema.optional(),
    method: z
      .string()
      .regex(/^[A-Za-z]{1,16}$/, "must be an HTTP method")
      .transform((m) => m.toUpperCase())
      .optional(),
    pathPrefix: z.string().min(1).max(512).startsWith("/", "must start with /").optional(),
    requestId: z.uuid({ error: "must be a request id (UUID)" }).optional(),
    errorCode: z.string().min(1).max(64).optional(),
    /** `true`: only requests admitted without Redis's verdict; `false`: only the others. */
    failOpen: z
      .enum(["true", "false"], { error: "must be true or false" })
      .transform((value) => value === "true")
      .optional(),
    /** Opaque: the `nextCursor` of the previous page. */
    cursor: z.string().max(200).optional(),
    limit: limit(200, 50),
  })
  .refine((q) => !q.from || !q.to || q.to.getTime() > q.from.getTime(), {
    message: "must be after from",
    path: ["to"],
  });
export type LogQuery = z.infer<typeof logQuerySchema>;

export const LOG_EXPORT_FORMATS = ["ndjson", "csv"] as const;
export const logExportQuerySchema = logQuerySchema.safeExtend({
  format: z.enum(LOG_EXPORT_FORMATS).default("ndjson"),
  /** An export stops after this many rows (the caller can narrow the range for more). */
  maxRows: decimalIntOr(1, 1_000_000, 100_000),
});
export type LogExportQuery = z.infer<typeof logExportQuerySchema>;
