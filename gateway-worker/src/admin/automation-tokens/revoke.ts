// POST /api/automation-tokens/{id}/revoke — refused from the next request on (tokens are
// looked up in Postgres on every call, never cached).
import { ApiError } from "@edgegate/shared/errors";
import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import { and, eq, isNull } from "drizzle-orm";
import { routePermission } from "../../auth/roles.ts";
import type { AppEnv } from "../../context.ts";
import { automationTokens } from "../../db/schema/api-keys.ts";
import { recordAudit } from "../../services/audit.ts";
import { adminSecurity, errorResponses } from "../schemas.ts";
import { automationTokenSchema, loadOwnToken, tokenAuditView, tokenIdParams, toTokenView } from "./shared.ts";

export const revokeTokenRoute = createRoute({
  method: "post",
  path: "/automation-tokens/{id}/revoke",
  tags: ["Automation tokens"],
  summary: "Revoke an automation token",
  operationId: "revokeAutomationToken",
  security: adminSecurity,
  ...routePermission("tokens:write"),
  request: { params: tokenIdParams },
  responses: {
    200: {
      description: "The revoked token",
      content: { "application/json": { schema: automationTokenSchema } },
    },
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

export const revokeTokenHandler: RouteHandler<typeof revokeTokenRoute, AppEnv> = async (c) => {
  const before = await loadOwnToken(c, c.req.valid("param").id);
  if (before.revokedAt) throw new ApiError("CONFLICT", "The token is already revoked.");
  const row = await c.var.services.database.transaction(async (tx) => {
    const [revoked] = await tx
      .update(automationTokens)
      .set({ revokedAt: new Date() })
      // Conditional, so of two revocations racing only one succeeds (and is audit-logged).
      .where(and(eq(automationTokens.id, before.id), isNull(automationTokens.revokedAt)))
      .returning();
    if (!revoked) throw new ApiError("CONFLICT", "The token is already revoked.");
    await recordAudit(
      c,
      {
        action: "automation_token.revoke",
        targetType: "automation_token",
        targetId: revoked.id,
        before: tokenAuditView(before),
        after: tokenAuditView(revoked),
      },
      tx,
    );
    return revoked;
  });
  return c.json(toTokenView(row), 200);
};
