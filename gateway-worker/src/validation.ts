// The one validation hook for every zod-openapi route: failures become VALIDATION_FAILED
// with each failing field named.
import { ApiError } from "@edgegate/shared/errors";
import type { Hook } from "@hono/zod-openapi";
import type { AppEnv } from "./context.ts";

export const validationHook: Hook<unknown, AppEnv, string, unknown> = (result) => {
  if (result.success) return;
  const fields = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join(".") || `(${result.target})`,
    message: issue.message,
  }));
  throw new ApiError(
    "VALIDATION_FAILED",
    `Invalid ${result.target}: ${fields.map((f) => f.path).join(", ")}.`,
    {
      fields,
    },
  );
};
