// Parses analytics input with one of the schemas, failing with VALIDATION_FAILED that names
// every bad field (the same shape the admin API's validation hook produces).
import { ApiError } from "@edgegate/shared/errors";
import type { z } from "zod";

export function parseAnalyticsQuery<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.map((issue) => ({
    path: issue.path.map(String).join(".") || "(query)",
    message: issue.message,
  }));
  throw new ApiError("VALIDATION_FAILED", `Invalid query: ${fields.map((f) => f.path).join(", ")}.`, {
    fields,
  });
}
