// GET /api/operator/operators — who operates the platform: the OPERATOR_EMAILS operators (from
// configuration, not revocable in the console) and the live grants, with who granted them when.
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { asc, eq, inArray, isNull } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { operatorPermission } from "../../auth/roles.ts";
import type { AppEnv } from "../../context.ts";
import { users } from "../../db/schema/auth.ts";
import { platformOperators } from "../../db/schema/platform.ts";
import { type OperatorEntry, operatorEntrySchema } from "./operators-shared.ts";
import { operatorErrors, operatorSecurity } from "./shared.ts";

export const listOperatorsRoute = createRoute({
  method: "get",
  path: "/operator/operators",
  tags: ["Operator"],
  summary: "List platform operators (operators only)",
  operationId: "listPlatformOperators",
  security: operatorSecurity,
  ...operatorPermission(),
  responses: {
    200: {
      description: "Configured operators first, then granted ones, oldest grant first",
      content: {
        "application/json": {
          schema: z.object({ data: z.array(operatorEntrySchema) }).openapi("PlatformOperatorList"),
        },
      },
    },
    ...operatorErrors(),
  },
});

export const listOperatorsHandler: RouteHandler<typeof listOperatorsRoute, AppEnv> = async (c) => {
  const { config, database } = c.var.services;
  const configured = config.OPERATOR_EMAILS;
  const accounts =
    configured.length === 0
      ? []
      : await database.db
          .select({ id: users.id, email: users.email, name: users.name })
          .from(users)
          .where(inArray(users.email, configured));
  const byEmail = new Map(accounts.map((u) => [u.email.toLowerCase(), u]));
  const data: OperatorEntry[] = configured.map((email) => {
    const account = byEmail.get(email);
    return {
      userId: account?.id ?? null,
      email: account?.email ?? email,
      name: account?.name ?? null,
      source: "config",
      revocable: false,
      grantedBy: null,
      grantedByEmail: null,
      grantedAt: null,
    };
  });
  const grantor = alias(users, "grantor");
  const grants = await database.db
    .select({
      userId: platformOperators.userId,
      email: users.email,
      name: users.name,
      grantedBy: platformOperators.grantedBy,
      grantedByEmail: grantor.email,
      grantedAt: platformOperators.grantedAt,
    })
    .from(platformOperators)
    .innerJoin(users, eq(users.id, platformOperators.userId))
    .leftJoin(grantor, eq(grantor.id, platformOperators.grantedBy))
    .where(isNull(platformOperators.revokedAt))
    .orderBy(asc(platformOperators.grantedAt));
  for (const grant of grants) {
    // Listed in OPERATOR_EMAILS too: configuration wins, and the grant cannot remove the role.
    if (configured.includes(grant.email.toLowerCase())) continue;
    data.push({
      ...grant,
      source: "grant",
      revocable: true,
      grantedAt: grant.grantedAt.toISOString(),
    });
  }
  return c.json({ data }, 200);
};
