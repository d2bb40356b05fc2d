// The OpenAPI 3.1 document: served at /api/openapi.json, valid per an independent validator,
// and covering every admin route with its security schemes and error responses.
import { validate } from "@readme/openapi-parser";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "../../src/admin/index.ts";
import { api } from "./helpers.ts";

describe("GET /api/openapi.json", () => {
  it("is a valid OpenAPI 3.1 document covering every route", async () => {
    const response = await api("/openapi.json");
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          {
            security?: unknown[];
            responses: Record<string, unknown>;
            requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> };
          }
        >
      >;
      components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> };
    };
    expect(document.openapi).toBe("3.1.0");
    const result = await validate(structuredClone(document) as never);
    expect(result).toEqual(expect.objectContaining({ valid: true }));
    // The validator does catch a broken document.
    const broken = structuredClone(document) as Record<string, unknown>;
    delete broken.info;
    expect((await validate(broken as never)).valid).toBe(false);

    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations).toEqual(
      expect.arrayContaining([
        "GET /health",
        "GET /keys",
        "POST /keys",
        "GET /keys/{id}",
        "PATCH /keys/{id}",
        "DELETE /keys/{id}",
        "POST /keys/{id}/rotate",
        "POST /keys/{id}/revoke",
        "GET /audit-logs",
        "GET /automation-tokens",
        "POST /automation-tokens",
        "POST /automation-tokens/{id}/revoke",
        "GET /organization",
        "PATCH /organization",
        "GET /analytics/summary",
        "GET /analytics/timeseries",
        "GET /analytics/top-endpoints",
        "GET /analytics/status-codes",
        "GET /analytics/keys",
        "GET /analytics/top-consumers",
        "GET /logs",
        "GET /webhooks/event-types",
        "GET /webhooks/endpoints",
        "POST /webhooks/endpoints",
        "GET /webhooks/endpoints/{id}",
        "PATCH /webhooks/endpoints/{id}",
        "DELETE /webhooks/endpoints/{id}",
        "POST /webhooks/endpoints/{id}/enable",
        "POST /webhooks/endpoints/{id}/disable",
        "POST /webhooks/endpoints/{id}/secret/reveal",
        "POST /webhooks/endpoints/{id}/secret/rotate",
        "POST /webhooks/endpoints/{id}/test",
        "POST /webhooks/endpoints/{id}/recover",
        "GET /webhooks/deliveries",
        "GET /webhooks/deliveries/{id}",
        "POST /webhooks/deliveries/{id}/replay",
        "GET /logs/export",
        "GET /logs/{requestId}",
        "POST /auth/sign-up/email",
        "POST /auth/sign-in/email",
        "POST /auth/sign-out",
        "GET /auth/get-session",
        "POST /auth/change-password",
        "GET /auth/list-sessions",
        "POST /auth/revoke-sessions",
        "POST /auth/organization/create",
        "GET /auth/organization/list",
        "POST /auth/organization/set-active",
        "GET /auth/organization/list-members",
        "POST /auth/organization/invite-member",
        "GET /auth/organization/list-invitations",
        "GET /auth/organization/get-invitation",
        "POST /auth/organization/accept-invitation",
        "POST /auth/organization/cancel-invitation",
        "POST /auth/organization/update-member-role",
        "POST /auth/organization/remove-member",
      ]),
    );
    // Endpoints the platform turns off are neither served nor documented.
    for (const off of [
      "POST /auth/sign-in/social",
      "POST /auth/request-password-reset",
      "POST /auth/delete-user",
      "POST /auth/organization/delete",
      "GET /auth/open-api/generate-schema",
    ]) {
      expect(operations).not.toContain(off);
    }
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual([
      "automationToken",
      "sessionCookie",
    ]);
    expect(document.components.schemas).toHaveProperty("Error");
    const keys = document.paths["/keys"]?.post;
    expect(keys?.security).toEqual([{ sessionCookie: [] }, { automationToken: [] }]);
    // Every authenticated operation documents its security and the 401/403 envelope (404 for operator routes).
    // Stripe's webhook is authenticated by its signature, not by a session or token.
    expect(document.paths["/billing/stripe/webhook"]?.post?.security).toEqual([]);
    for (const [path, methods] of Object.entries(document.paths)) {
      if (path === "/health" || path === "/billing/stripe/webhook" || path.startsWith("/auth/")) continue;
      for (const operation of Object.values(methods)) {
        expect(operation.security).toBeDefined();
        // Operator routes answer everyone else 404 (never 401/403: the area is not disclosed).
        expect(Object.keys(operation.responses)).toEqual(
          expect.arrayContaining(path.startsWith("/operator/") ? ["404"] : ["401", "403"]),
        );
      }
    }
    // better-auth's endpoints speak the shared error envelope, name the session cookie, and state
    // this platform's rules rather than the library's defaults.
    const authOperations = Object.entries(document.paths)
      .filter(([path]) => path.startsWith("/auth/"))
      .flatMap(([path, methods]) => Object.values(methods).map((operation) => ({ path, operation })));
    expect(authOperations.length).toBeGreaterThanOrEqual(30);
    for (const { path, operation } of authOperations) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) >= 400) {
          expect(JSON.stringify(response), `${path} ${status}`).toContain("#/components/schemas/Error");
        }
      }
      const isPublic = ["/auth/sign-up/email", "/auth/sign-in/email", "/auth/get-session"].includes(path);
      if (isPublic || path === "/auth/ok" || path === "/auth/error") expect(operation.security).toEqual([]);
      else expect(operation.security, path).toEqual([{ sessionCookie: [] }]);
    }
    const bodyOf = (path: string) =>
      document.paths[path]?.post?.requestBody?.content["application/json"]?.schema.properties ?? {};
    expect(bodyOf("/auth/sign-up/email").password).toMatchObject({ minLength: 10, maxLength: 128 });
    expect(bodyOf("/auth/organization/invite-member").role).toMatchObject({
      enum: ["owner", "admin", "developer", "viewer"],
    });
    // better-auth's models keep their own names under an Auth prefix, next to the admin API's.
    expect(document.components.schemas).toHaveProperty("Organization");
    expect(document.components.schemas).toHaveProperty("AuthOrganization");
    expect(document.components.schemas).toHaveProperty("AuthInvitation");
    expect(JSON.stringify(document.paths["/auth/organization/list"])).toContain(
      "#/components/schemas/AuthOrganization",
    );

    // The file written for the docs site is the same document.
    expect(JSON.parse(JSON.stringify(await buildOpenApiDocument()))).toEqual(document);
    expect(Object.keys(keys?.responses ?? {})).toEqual(
      expect.arrayContaining(["201", "400", "401", "403", "409", "413", "415"]),
    );
  });

  it("answers 404 in the error envelope for authentication endpoints the platform does not offer", async () => {
    for (const [method, path] of [
      ["POST", "/auth/sign-in/social"],
      ["GET", "/auth/callback/github"],
      ["GET", "/auth/reset-password/some-token"],
      ["POST", "/auth/request-password-reset"],
      ["POST", "/auth/organization/delete"],
      ["GET", "/auth/open-api/generate-schema"],
    ] as const) {
      const response = await api(path, { method, ...(method === "POST" ? { body: {} } : {}) });
      expect(response.status, path).toBe(404);
      const body = (await response.json()) as { error: { code: string } };
      expect(body.error.code, path).toBe("NOT_FOUND");
    }
  });
});
