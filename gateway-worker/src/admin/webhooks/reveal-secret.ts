// POST /api/webhooks/endpoints/{id}/secret/reveal — the current signing secret, for admins;
// every reveal is audited. POST, not GET: it is an action, and never cached.
import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import { routePermission } from "../../auth/roles.ts";
import type { AppEnv } from "../../context.ts";
import { recordAudit } from "../../services/audit.ts";
import { adminSecurity, errorResponses } from "../schemas.ts";
import { endpointIdParams, loadOwnEndpoint, secretResponse } from "./shared.ts";

export const revealSecretRoute = createRoute({
  method: "post",
  path: "/webhooks/endpoints/{id}/secret/reveal",
  tags: ["Webhooks"],
  summary: "Reveal an endpoint's signing secret",
  operationId: "revealWebhookSecret",
  security: adminSecurity,
  ...routePermission("webhooks:write"),
  request: { params: endpointIdParams },
  responses: {
    200: { description: "The current secret", content: { "application/json": { schema: secretResponse } } },
    ...errorResponses(400, 401, 403, 404),
  },
});

export const revealSecretHandler: RouteHandler<typeof revealSecretRoute, AppEnv> = async (c) => {
  const endpoint = await loadOwnEndpoint(c, c.req.valid("param").id);
  const secret = await c.var.services.webhooks.secrets.open(endpoint.id, endpoint.secretCiphertext);
  await recordAudit(c, {
    action: "webhook_endpoint.reveal_secret",
    targetType: "webhook_endpoint",
    targetId: endpoint.id,
  });
  c.header("Cache-Control", "no-store");
  return c.json({ secret }, 200);
};
