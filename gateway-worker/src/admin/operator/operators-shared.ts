// What the operator-grant routes share: the view of one operator and the live grant lookup.
import { z } from "@hono/zod-openapi";
import { and, eq, isNull } from "drizzle-orm";
import { platformOperators } from "../../db/schema/platform.ts";
import type { Executor } from "../../services/database.ts";
import { timestamp } from "../schemas.ts";

export const operatorEntrySchema = z
  .object({
    userId: z
      .string()
      .nullable()
      .openapi({ description: "Null for a listed address nobody signed up with yet" }),
    email: z.string(),
    name: z.string().nullable(),
    source: z.enum(["config", "grant"]).openapi({
      description:
        "`config`: listed in OPERATOR_EMAILS (not revocable here); `grant`: granted by an operator",
    }),
    revocable: z.boolean(),
    grantedBy: z.string().nullable().openapi({ description: "The granting operator's user id" }),
    grantedByEmail: z.string().nullable(),
    grantedAt: timestamp.nullable(),
  })
  .openapi("PlatformOperator");

export type OperatorEntry = z.infer<typeof operatorEntrySchema>;

/** The user's live (unrevoked) grant, if any. */
export async function liveGrant(tx: Executor, userId: string) {
  const [grant] = await tx
    .select()
    .from(platformOperators)
    .where(and(eq(platformOperators.userId, userId), isNull(platformOperators.revokedAt)))
    .limit(1);
  return grant;
}

/** A grant as the platform audit log's before/after shows it. */
export const grantView = (grant: { userId: string; grantedBy: string; grantedAt: Date }, email: string) => ({
  userId: grant.userId,
  email,
  grantedBy: grant.grantedBy,
  grantedAt: grant.grantedAt.toISOString(),
});
