// POST /api/webhooks/endpoints — registers an endpoint; its `whsec_` signing secret is in this
// response (and revealable later by admins, audited). The URL passes the SSRF guard first.
import { ApiError } from "@edgegate/shared/errors";
import { MAX_WEBHOOK_ENDPOINTS } from "@edgegate/shared/webhook-events";
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { count, eq } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import { callerOf } from "../../auth/caller.ts";
import { routePermission } from "../../auth/roles.ts";
import type { AppEnv } from "../../context.ts";
import { webhooks } from "../../db/schema/webhooks.ts";
import { recordAudit } from "../../services/audit.ts";
import { generateWebhookSecret } from "../../services/webhooks/signing.ts";
import { adminSecurity, errorResponses, jsonBody, mutationErrors } from "../schemas.ts";
import {
  assertEndpointUrl,
  endpointAuditView,
  endpointDescription,
  endpointEventTypes,
  endpointRate,
  endpointUrl,
  toEndpointView,
  webhookEndpointSchema,
} from "./shared.ts";

export const createEndpointBody = z
  .object({
    url: endpointUrl,
    description: endpointDescription.optional(),
    eventTypes: endpointEventTypes.optional(),
    rateLimitPerSecond: endpointRate.optional(),
  })
  .strict()
  .openapi("CreateWebhookEndpoint");

export const createEndpointRoute = createRoute({
  method: "post",
  path: "/webhooks/endpoints",
  tags: ["Webhooks"],
  summary: "Create a webhook endpoint",
  operationId: "createWebhookEndpoint",
  security: adminSecurity,
  ...routePermission("webhooks:write"),
  request: { body: jsonBody(createEndpointBody) },
  responses: {
    201: {
      description: "Created; `secret` verifies the signatures of its deliveries",
      content: {
        "application/json": {
          schema: z
            .object({ endpoint: webhookEndpointSchema, secret: z.string() })
            .openapi("CreatedWebhookEndpoint"),
        },
      },
    },
    ...mutationErrors,
    ...errorResponses(409),
  },
});

export const createEndpointHandler: RouteHandler<typeof createEndpointRoute, AppEnv> = async (c) => {
  const { organizationId } = callerOf(c);
  const body = c.req.valid("json");
  assertEndpointUrl(c, body.url);
  const { services } = c.var;
  const id = `whe_${uuidv7()}`;
  const secret = generateWebhookSecret();
  const secretCiphertext = await services.webhooks.secrets.seal(id, secret);
  const row = await services.database.transaction(async (tx) => {
    const [existing] = await tx
      .select({ n: count() })
      .from(webhooks)
      .where(eq(webhooks.organizationId, organizationId));
    if ((existing?.n ?? 0) >= MAX_WEBHOOK_ENDPOINTS) {
      throw new ApiError(
        "CONFLICT",
        `An organization can have at most ${MAX_WEBHOOK_ENDPOINTS} webhook endpoints.`,
      );
    }
    const [inserted] = await tx
      .insert(webhooks)
      .values({
        id,
        organizationId,
        url: body.url,
        description: body.description ?? "",
        eventTypes: body.eventTypes ?? [],
        rateLimitPerSecond: body.rateLimitPerSecond ?? null,
        secretCiphertext,
      })
      .returning();
    if (!inserted) throw new Error("insert returned no row");
    await recordAudit(
      c,
      {
        action: "webhook_endpoint.create",
        targetType: "webhook_endpoint",
        targetId: id,
        after: endpointAuditView(inserted),
      },
      tx,
    );
    return inserted;
  });
  c.header("Cache-Control", "no-store");
  return c.json({ endpoint: toEndpointView(row), secret }, 201);
};
