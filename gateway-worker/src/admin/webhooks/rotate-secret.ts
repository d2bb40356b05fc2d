// POST /api/webhooks/endpoints/{id}/secret/rotate — a new signing secret; for 24 hours every
// delivery carries a signature with the previous secret too, so receivers can switch over.
import { SECRET_ROTATION_OVERLAP_MS } from "@edgegate/shared/webhook-events";
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import { routePermission } from "../../auth/roles.ts";
import type { AppEnv } from "../../context.ts";
import { webhooks } from "../../db/schema/webhooks.ts";
import { recordAudit } from "../../services/audit.ts";
import { generateWebhookSecret } from "../../services/webhooks/signing.ts";
import { adminSecurity, errorResponses } from "../schemas.ts";
import { endpointIdParams, loadOwnEndpoint, toEndpointView, webhookEndpointSchema } from "./shared.ts";

export const rotateSecretRoute = createRoute({
  method: "post",
  path: "/webhooks/endpoints/{id}/secret/rotate",
  tags: ["Webhooks"],
  summary: "Rotate an endpoint's signing secret",
  operationId: "rotateWebhookSecret",
  security: adminSecurity,
  ...routePermission("webhooks:write"),
  request: { params: endpointIdParams },
  responses: {
    200: {
      description: "The new secret; the previous one keeps signing until `endpoint.secretRotatingUntil`",
      content: {
        "application/json": {
          schema: z
            .object({ secret: z.string(), endpoint: webhookEndpointSchema })
            .openapi("RotatedWebhookSecret"),
        },
      },
    },
    ...errorResponses(400, 401, 403, 404),
  },
});

export const rotateSecretHandler: RouteHandler<typeof rotateSecretRoute, AppEnv> = async (c) => {
  const endpoint = await loadOwnEndpoint(c, c.req.valid("param").id);
  const { services } = c.var;
  const secret = generateWebhookSecret();
  const now = new Date();
  const overlapUntil = new Date(now.getTime() + SECRET_ROTATION_OVERLAP_MS);
  const sealed = await services.webhooks.secrets.seal(endpoint.id, secret);
  const row = await services.database.transaction(async (tx) => {
    const [updated] = await tx
      .update(webhooks)
      .set({
        secretCiphertext: sealed,
        previousSecretCiphertext: endpoint.secretCiphertext,
        previousSecretExpiresAt: overlapUntil,
        updatedAt: now,
      })
      .where(eq(webhooks.id, endpoint.id))
      .returning();
    if (!updated) throw new Error("update returned no row");
    await recordAudit(
      c,
      {
        action: "webhook_endpoint.rotate_secret",
        targetType: "webhook_endpoint",
        targetId: endpoint.id,
        after: { previousSecretExpiresAt: overlapUntil.toISOString() },
      },
      tx,
    );
    return updated;
  });
  c.header("Cache-Control", "no-store");
  return c.json({ secret, endpoint: toEndpointView(row) }, 200);
};
