// Every operation in the served OpenAPI document — admin, folded-in better-auth and webhook — has a
// unique, stable camelCase operationId: the docs reference's URLs and generated SDKs' method names.
// A route added without one fails here. (Redocly's lint of the same document runs in Node, in
// docs-site/test/openapi-lint.test.ts; openapi.test.ts checks served == built.)
import { describe, expect, it } from "vitest";
import { api } from "./helpers.ts";

type Operations = Record<string, Record<string, { operationId?: string }>>;

const HTTP_METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

describe("the served OpenAPI document", () => {
  it("gives every operation a unique camelCase operationId", async () => {
    const response = await api("/openapi.json");
    expect(response.status).toBe(200);
    const document = (await response.json()) as { paths: Operations; webhooks: Operations };
    const operations = [document.paths, document.webhooks].flatMap((items) =>
      Object.entries(items).flatMap(([path, methods]) =>
        Object.entries(methods)
          .filter(([method]) => HTTP_METHODS.has(method))
          .map(([method, operation]) => ({
            at: `${method.toUpperCase()} ${path}`,
            id: operation.operationId,
          })),
      ),
    );
    expect(operations.length).toBeGreaterThan(70);
    const missing = operations.filter((operation) => !operation.id).map((operation) => operation.at);
    expect(missing).toEqual([]);
    const malformed = operations.filter((operation) => !/^[a-z][a-zA-Z0-9]*$/.test(operation.id ?? ""));
    expect(malformed).toEqual([]);
    const seen = new Map<string, string>();
    const duplicates: string[] = [];
    for (const { at, id } of operations) {
      const first = seen.get(id ?? "");
      if (first) duplicates.push(`${id}: ${first} and ${at}`);
      else seen.set(id ?? "", at);
    }
    expect(duplicates).toEqual([]);
    // Stable: these ids are URLs in the docs reference; renaming one breaks links and SDKs.
    expect(seen.get("listKeys")).toBe("GET /keys");
    expect(seen.get("createKey")).toBe("POST /keys");
    expect(seen.get("signInEmail")).toBe("POST /auth/sign-in/email");
    expect(seen.get("receiveApiKeyRevoked")).toBe("POST api_key.revoked");
  });
});
