// POST /api/operator/operators — grant the operator role to an existing account by e-mail. Only an
// operator can (never an organization owner); the grant and its platform audit row commit together.

import { ApiError } from "@edgegate/shared/errors";
import { pgText } from "@edgegate/shared/input";
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import { operatorOf } from "../../auth/operators.ts";
import { operatorPermission } from "../../auth/roles.ts";
import type { AppEnv } from "../../context.ts";
import { users } from "../../db/schema/auth.ts";
import { platformOperators } from "../../db/schema/platform.ts";
import { recordPlatformAudit } from "../../services/platform-audit.ts";
import { isUniqueViolation, jsonBody } from "../schemas.ts";
import { grantView, liveGrant, operatorEntrySchema } from "./operators-shared.ts";
import { operatorErrors, operatorSecurity } from "./shared.ts";

export const grantOperatorBody = z
  .object({
    email: pgText()
      .pipe(z.string().trim().max(254).pipe(z.email()))
      .openapi({ description: "An account that has signed up", example: "ops@example.com" }),
  })
  .strict()
  .openapi("GrantPlatformOperator");

export const grantOperatorRoute = createRoute({
  method: "post",
  path: "/operator/operators",
  tags: ["Operator"],
  summary: "Grant the operator role to an account (operators only)",
  operationId: "grantPlatformOperator",
  security: operatorSecurity,
  ...operatorPermission(),
  request: { body: jsonBody(grantOperatorBody) },
  responses: {
    201: {
      description: "Granted; the account is an operator from its next request",
      content: { "application/json": { schema: operatorEntrySchema } },
    },
    ...operatorErrors(400, 409, 413, 415),
  },
});

function alreadyOperator(email: string, how: string): ApiError {
  return new ApiError("CONFLICT", `${email} is already an operator (${how}).`);
}

export const grantOperatorHandler: RouteHandler<typeof grantOperatorRoute, AppEnv> = async (c) => {
  const operator = operatorOf(c);
  const { email } = c.req.valid("json");
  const { config, database } = c.var.services;
  if (config.OPERATOR_EMAILS.includes(email.toLowerCase())) throw alreadyOperator(email, "OPERATOR_EMAILS");
  try {
    const entry = await database.transaction(async (tx) => {
      const [user] = await tx
        .select({ id: users.id, email: users.email, name: users.name })
        .from(users)
        .where(sql`lower(${users.email}) = ${email.toLowerCase()}`)
        .limit(1);
      // 400, not 404: a 404 on an operator route means "no such route" to everyone else.
      if (!user) {
        throw new ApiError(
          "VALIDATION_FAILED",
          `No account signs in with ${email}: they must sign up first.`,
          { fields: [{ path: "email", message: "no account with this e-mail address" }] },
        );
      }
      if (await liveGrant(tx, user.id)) throw alreadyOperator(user.email, "granted");
      const [grant] = await tx
        .insert(platformOperators)
        .values({ id: uuidv7(), userId: user.id, grantedBy: operator.userId })
        .returning();
      if (!grant) throw new Error("grant insert returned no row");
      await recordPlatformAudit(
        c,
        operator,
        {
          action: "operator.grant",
          organizationId: null,
          targetType: "user",
          targetId: user.id,
          before: null,
          after: grantView(grant, user.email),
        },
        tx,
      );
      return {
        userId: user.id,
        email: user.email,
        name: user.name,
        source: "grant" as const,
        revocable: true,
        grantedBy: operator.userId,
        grantedByEmail: operator.email,
        grantedAt: grant.grantedAt.toISOString(),
      };
    });
    return c.json(entry, 201);
  } catch (error) {
    // Two operators granting the same account at once: the live-grant unique index decides.
    if (isUniqueViolation(error)) throw alreadyOperator(email, "granted");
    throw error;
  }
};
