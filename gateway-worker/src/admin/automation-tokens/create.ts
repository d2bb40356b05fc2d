// POST /api/automation-tokens — an org-scoped admin API token with a role (at most admin);
// the token is in this response only, and stored as its SHA-256.
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { v7 as uuidv7 } from "uuid";
import {
  automationTokenDisplayPrefix,
  generateAutomationToken,
  hashAutomationToken,
} from "../../auth/automation-tokens.ts";
import { callerOf } from "../../auth/caller.ts";
import { routePermission } from "../../auth/roles.ts";
import type { AppEnv } from "../../context.ts";
import { automationTokens } from "../../db/schema/api-keys.ts";
import { recordAudit } from "../../services/audit.ts";
import { futureTimestamp, keyName } from "../api-keys/shared.ts";
import { adminSecurity, jsonBody, mutationErrors } from "../schemas.ts";
import { automationTokenSchema, tokenAuditView, toTokenView } from "./shared.ts";

export const createTokenBody = z
  .object({
    name: keyName,
    role: z.enum(["admin", "developer", "viewer"]),
    expiresAt: futureTimestamp.nullable().optional(),
  })
  .strict()
  .openapi("CreateAutomationToken");

export const createTokenRoute = createRoute({
  method: "post",
  path: "/automation-tokens",
  tags: ["Automation tokens"],
  summary: "Create an automation token",
  operationId: "createAutomationToken",
  security: adminSecurity,
  ...routePermission("tokens:write"),
  request: { body: jsonBody(createTokenBody) },
  responses: {
    201: {
      description: "Created; `token` is shown only here",
      content: {
        "application/json": {
          schema: z
            .object({ token: z.string(), automationToken: automationTokenSchema })
            .openapi("CreatedAutomationToken"),
        },
      },
    },
    ...mutationErrors,
  },
});

export const createTokenHandler: RouteHandler<typeof createTokenRoute, AppEnv> = async (c) => {
  const caller = callerOf(c);
  const body = c.req.valid("json");
  const token = generateAutomationToken();
  const row = await c.var.services.database.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(automationTokens)
      .values({
        id: `tok_${uuidv7()}`,
        organizationId: caller.organizationId,
        name: body.name,
        tokenHash: await hashAutomationToken(token),
        displayPrefix: automationTokenDisplayPrefix(token),
        role: body.role,
        expiresAt: body.expiresAt ? new Date(body.expiresAt) : null,
        createdBy: caller.actor.type === "user" ? caller.actor.id : null,
      })
      .returning();
    if (!inserted) throw new Error("insert returned no row");
    await recordAudit(
      c,
      {
        action: "automation_token.create",
        targetType: "automation_token",
        targetId: inserted.id,
        after: tokenAuditView(inserted),
      },
      tx,
    );
    return inserted;
  });
  c.header("Cache-Control", "no-store");
  return c.json({ token, automationToken: toTokenView(row) }, 201);
};
