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
      paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown> }>>;
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
        "GET /logs/export",
        "GET /logs/{requestId}",
        "POST /auth/sign-up/email",
        "POST /auth/sign-in/email",
        "POST /auth/sign-out",
      ]),
    );
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual([
      "automationToken",
      "sessionCookie",
    ]);
    expect(document.components.schemas).toHaveProperty("Error");
    const keys = document.paths["/keys"]?.post;
    expect(keys?.security).toEqual([{ sessionCookie: [] }, { automationToken: [] }]);
    // Every authenticated operation documents its security and the 401/403 envelope.
    for (const [path, methods] of Object.entries(document.paths)) {
      if (path === "/health" || path.startsWith("/auth/")) continue;
      for (const operation of Object.values(methods)) {
        expect(operation.security).toBeDefined();
        expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(["401", "403"]));
      }
    }
    // The file written for the docs site is the same document.
    expect(JSON.parse(JSON.stringify(buildOpenApiDocument()))).toEqual(document);
    expect(Object.keys(keys?.responses ?? {})).toEqual(
      expect.arrayContaining(["201", "400", "401", "403", "409", "413", "415"]),
    );
  });
});
