// Parses analytics input with one of the schemas, failing with VALIDATION_FAILED that names
// every bad field (the same error the admin API's validation hook produces).
import type { z } from "zod";
import { validationError } from "../../validation.ts";

export function parseAnalyticsQuery<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw validationError("query", parsed.error);
}
