// Platform operators: the API provider's own staff, above every organization. An operator is a
// signed-in user (session cookie only — automation tokens belong to one organization and are
// never operators) whose e-mail is in OPERATOR_EMAILS or who holds a live grant in
// `platform_operators` from another operator. Organization roles play no part.
//
// Every operator route answers 404 NOT_FOUND to anyone else — signed out, any organization role,
// any token — exactly as an unknown path does, so the operator area's existence is not disclosed.
import { ApiError } from "@edgegate/shared/errors";
import { and, eq, isNull } from "drizzle-orm";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv, Services } from "../context.ts";
import { platformOperators } from "../db/schema/platform.ts";
import { createAuth } from "./better-auth.ts";

export interface Operator {
  userId: string;
  email: string;
  /** Where the role comes from: the deployment's configuration, or another operator's grant. */
  source: "config" | "grant";
}

/** Whether this user is an operator now (config first: no query for listed operators). */
export async function operatorSource(
  services: Pick<Services, "config" | "database">,
  user: { id: string; email: string },
): Promise<Operator["source"] | null> {
  if (services.config.OPERATOR_EMAILS.includes(user.email.toLowerCase())) return "config";
  const [grant] = await services.database.db
    .select({ id: platformOperators.id })
    .from(platformOperators)
    .where(and(eq(platformOperators.userId, user.id), isNull(platformOperators.revokedAt)))
    .limit(1);
  return grant ? "grant" : null;
}

/** Word for word the answer an unknown path gets (errors.ts `handleNotFound`). */
function notFound(c: Context<AppEnv>): ApiError {
  return new ApiError("NOT_FOUND", `No route for ${c.req.method} ${c.req.path}.`);
}

async function resolveOperator(c: Context<AppEnv>): Promise<Operator> {
  // A token (or any Authorization header) is never an operator, whatever its organization role.
  if (c.req.header("Authorization") !== undefined) throw notFound(c);
  const result = await createAuth(c.var.services).api.getSession({ headers: c.req.raw.headers });
  if (!result) throw notFound(c);
  const source = await operatorSource(c.var.services, result.user);
  if (!source) throw notFound(c);
  return { userId: result.user.id, email: result.user.email, source };
}

/** Route guard of every operator route: resolves `c.var.operator` or answers 404. */
export const requireOperator = createMiddleware<AppEnv>(async (c, next) => {
  c.set("operator", await resolveOperator(c));
  await next();
});

/** The resolved operator; only valid behind `requireOperator`. */
export function operatorOf(c: Context<AppEnv>): Operator {
  const operator = c.var.operator;
  if (!operator) throw notFound(c);
  return operator;
}
