// The one validation hook for every zod-openapi route, and the one way any other input check
// (analytics queries, the better-auth guard) reports a zod failure: VALIDATION_FAILED with each
// failing field named.
import { ApiError } from "@edgegate/shared/errors";
import type { Hook } from "@hono/zod-openapi";
import type { z } from "zod";
import type { AppEnv } from "./context.ts";

/** `target` names where the input came from (query, json, param), used for whole-input issues. */
export function validationError(target: string, error: z.ZodError): ApiError {
  const fields = error.issues.flatMap((issue) => {
    const path = issue.path.map(String);
    // A strict object's unknown keys are named one by one: `data.plan`, not `data`.
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ path: [...path, key].join("."), message: "is not a known field" }));
    }
    return [{ path: path.join(".") || `(${target})`, message: issue.message }];
  });
  return new ApiError("VALIDATION_FAILED", `Invalid ${target}: ${fields.map((f) => f.path).join(", ")}.`, {
    fields,
  });
}

export const validationHook: Hook<unknown, AppEnv, string, unknown> = (result) => {
  if (!result.success) throw validationError(result.target, result.error);
};
