// What every operator route shares: its security requirement (a session cookie only: automation
// tokens are never operators) and its documented errors (404 for anyone who is not an operator).
import { pgText } from "@edgegate/shared/input";
import { z } from "@hono/zod-openapi";
import { errorEnvelopeSchema, errorResponses } from "../schemas.ts";

export const operatorSecurity: Array<Record<string, string[]>> = [{ sessionCookie: [] }];

const notOperator = {
  404: {
    description:
      "Not an operator (signed out, any organization role, any automation token), or no such object: the same answer as an unknown path",
    content: { "application/json": { schema: errorEnvelopeSchema } },
  },
} as const;

/** The route's documented errors: 404 always, plus the given client errors. */
export function operatorErrors<const S extends 400 | 409 | 413 | 415 | 503>(...statuses: S[]) {
  return { ...errorResponses(...statuses), ...notOperator };
}

/** `{organizationId}` in an operator route's path. */
export const organizationParam = z.object({
  organizationId: pgText()
    .pipe(z.string().min(1).max(128))
    .openapi({ param: { name: "organizationId", in: "path" }, example: "org_3f9c1a" }),
});
