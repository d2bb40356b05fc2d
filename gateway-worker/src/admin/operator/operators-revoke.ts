// DELETE /api/operator/operators/{userId} — revoke a grant. The row stays as history (revokedAt,
// revokedBy) and the platform audit row commits with it. An OPERATOR_EMAILS operator is not
// revocable here (edit the configuration), and an operator cannot revoke their own grant: another
// operator must, so the console can never be left without one by a slip.

import { ApiError } from "@edgegate/shared/errors";
import { pgText } from "@edgegate/shared/input";
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { and, eq, isNull } from "drizzle-orm";
import { operatorOf } from "../../auth/operators.ts";
import { operatorPermission } from "../../auth/roles.ts";
import type { AppEnv } from "../../context.ts";
import { users } from "../../db/schema/auth.ts";
import { platformOperators } from "../../db/schema/platform.ts";
import { recordPlatformAudit } from "../../services/platform-audit.ts";
import { grantView, liveGrant } from "./operators-shared.ts";
import { operatorErrors, operatorSecurity } from "./shared.ts";

export const revokeOperatorRoute = createRoute({
  method: "delete",
  path: "/operator/operators/{userId}",
  tags: ["Operator"],
  summary: "Revoke an operator grant (operators only)",
  operationId: "revokePlatformOperator",
  security: operatorSecurity,
  ...operatorPermission(),
  request: {
    params: z.object({
      userId: pgText()
        .pipe(z.string().min(1).max(128))
        .openapi({ param: { name: "userId", in: "path" }, example: "usr_3f9c1a" }),
    }),
  },
  responses: {
    204: { description: "Revoked; operator routes answer 404 to the account from its next request" },
    ...operatorErrors(400, 409),
  },
});

export const revokeOperatorHandler: RouteHandler<typeof revokeOperatorRoute, AppEnv> = async (c) => {
  const operator = operatorOf(c);
  const { userId } = c.req.valid("param");
  const { config, database } = c.var.services;
  if (userId === operator.userId) {
    throw new ApiError("CONFLICT", "You cannot revoke your own operator role: ask another operator.");
  }
  await database.transaction(async (tx) => {
    const [user] = await tx.select({ email: users.email }).from(users).where(eq(users.id, userId)).limit(1);
    if (user && config.OPERATOR_EMAILS.includes(user.email.toLowerCase())) {
      throw new ApiError(
        "CONFLICT",
        `${user.email} is an operator through OPERATOR_EMAILS: remove it from that setting to revoke it.`,
      );
    }
    const grant = await liveGrant(tx, userId);
    // 409, not 404: a 404 on an operator route means "no such route" to everyone else.
    if (!grant || !user) throw new ApiError("CONFLICT", `User ${userId} holds no operator grant.`);
    const [revoked] = await tx
      .update(platformOperators)
      .set({ revokedAt: new Date(), revokedBy: operator.userId })
      // Still live: of two revocations racing, only one revokes (and is recorded).
      .where(and(eq(platformOperators.id, grant.id), isNull(platformOperators.revokedAt)))
      .returning();
    if (!revoked) throw new ApiError("CONFLICT", `User ${userId} holds no operator grant.`);
    await recordPlatformAudit(
      c,
      operator,
      {
        action: "operator.revoke",
        organizationId: null,
        targetType: "user",
        targetId: userId,
        before: grantView(grant, user.email),
        after: { ...grantView(revoked, user.email), revokedAt: revoked.revokedAt?.toISOString() ?? null },
      },
      tx,
    );
  });
  return c.body(null, 204);
};
