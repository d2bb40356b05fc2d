// Hostile input against the gateway: each case says what the attacker sends and what must
// happen. None of them may reach the upstream unless the case says so, and none may leak a key.
import { describe, expect, it } from "vitest";
import { parseGatewayPath } from "../src/gateway/path.ts";
import { callGateway, createTestKey, type ErrorBody } from "./helpers.ts";
import { hostileCases } from "./hostile-cases.ts";

const testKey = await createTestKey({ key: { ipAllowlist: ["203.0.113.0/24"] } });
const key = testKey.key;
const cases = hostileCases(testKey);

describe("hostile input matrix", () => {
  for (const testCase of cases) {
    it(testCase.name, async () => {
      const response = await callGateway(testCase.path ?? "/v1/echo", {
        ip: "203.0.113.5",
        ...testCase.init,
      });
      expect(response.status).toBe(testCase.status);
      if (testCase.code) {
        const body = (await response.clone().json()) as ErrorBody;
        expect(body.error.code).toBe(testCase.code);
      }
      expect(await response.clone().text()).not.toContain(key);
      await testCase.check?.(response);
    });
  }
});

describe("path parser on raw (unnormalised) URLs", () => {
  const rejected = [
    "http://h/v1/../admin",
    "http://h/v1/./users",
    "http://h/v1/users/..",
    "http://h/v1/%2e%2e/admin",
    "http://h/v1/%2E%2E/admin",
    "http://h/v1/.%2e/admin",
    "http://h/v1\\..\\admin",
    "http://h/v1/users\\admin",
    "http://h/v1//users",
    "http://h/v1/users%2fadmin",
    "http://h/v2/users",
    "http://h/v1users",
    "http://h/v1/us\u0001ers",
  ];
  for (const url of rejected) {
    it(`rejects ${JSON.stringify(url)}`, () => {
      expect(() => parseGatewayPath(url)).toThrow(/not allowed/);
    });
  }

  it("derives resource and normalized path from the same parse", () => {
    expect(parseGatewayPath("http://h/v1/Users/42?x=1")).toEqual({
      raw: "/v1/Users/42",
      query: "?x=1",
      resource: "users",
      normalized: "/v1/Users/:id",
    });
    expect(parseGatewayPath("http://h/v1/orders/0b3c6a1e-8f1d-4c55-9f6e-2b1f7a9c0d11/items").normalized).toBe(
      "/v1/orders/:id/items",
    );
    expect(parseGatewayPath("http://h/v1").resource).toBe("");
    expect(parseGatewayPath("http://h/v1/").resource).toBe("");
    expect(parseGatewayPath("http://h/v1/users/").raw).toBe("/v1/users/");
  });
});
