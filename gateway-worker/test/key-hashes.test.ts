// The isolate's remembered key hashes (src/gateway/key-hashes.ts), end to end through the Worker:
// made-up keys never enter it, whatever their number; remembering a key's hash never delays a
// refusal (revocation, rotation, expiry are read from the record on every request); and two
// tenants' keys never share an answer.
import { generateApiKey } from "@edgegate/shared/api-key";
import { describe, expect, it } from "vitest";
import { knownKeyHash, rememberedKeyHashes } from "../src/gateway/key-hashes.ts";
import { callGateway, createTestKey, type EchoBody, type ErrorBody, updateTestKey } from "./helpers.ts";

async function errorCode(response: Response): Promise<string> {
  return ((await response.json()) as ErrorBody).error.code;
}

describe("remembered key hashes", () => {
  it("remembers a key that exists, once, and its hash is the stored one", async () => {
    const testKey = await createTestKey();
    expect(knownKeyHash(testKey.key)).toBeUndefined();
    expect((await callGateway("/v1/echo", { key: testKey.key })).status).toBe(200);
    expect(knownKeyHash(testKey.key)).toBe(testKey.keyHash);
    const size = rememberedKeyHashes();
    for (let i = 0; i < 3; i++)
      expect((await callGateway("/v1/echo", { key: testKey.key })).status).toBe(200);
    expect(rememberedKeyHashes()).toBe(size);
  });

  it("does not grow under a flood of distinct made-up keys, and keeps the keys in use", async () => {
    const hot = await createTestKey();
    expect((await callGateway("/v1/echo", { key: hot.key })).status).toBe(200);
    const before = rememberedKeyHashes();
    // Well-formed (valid checksum: anyone can compute it), never issued.
    const made = Array.from({ length: 60 }, () => generateApiKey());
    for (const key of made) {
      const response = await callGateway("/v1/echo", { key });
      expect({ status: response.status, code: await errorCode(response) }).toEqual({
        status: 401,
        code: "INVALID_KEY",
      });
    }
    // Sent again (now answered from the negative cache): still not remembered.
    for (const key of made.slice(0, 10)) expect((await callGateway("/v1/echo", { key })).status).toBe(401);
    expect(rememberedKeyHashes()).toBe(before);
    for (const key of made) expect(knownKeyHash(key)).toBeUndefined();
    expect(knownKeyHash(hot.key)).toBe(hot.keyHash);
    expect((await callGateway("/v1/echo", { key: hot.key })).status).toBe(200);
  });

  it("refuses a revoked key on the very next request although its hash is remembered", async () => {
    const testKey = await createTestKey();
    expect((await callGateway("/v1/echo", { key: testKey.key })).status).toBe(200);
    expect(knownKeyHash(testKey.key)).toBe(testKey.keyHash);
    await updateTestKey(testKey, { revokedAt: new Date() });
    const response = await callGateway("/v1/echo", { key: testKey.key });
    expect({ status: response.status, code: await errorCode(response) }).toEqual({
      status: 401,
      code: "KEY_DISABLED",
    });
  });

  it("refuses a rotated key once its grace period has ended, at once", async () => {
    const testKey = await createTestKey();
    expect((await callGateway("/v1/echo", { key: testKey.key })).status).toBe(200);
    await updateTestKey(testKey, { graceExpiresAt: new Date(Date.now() - 1) });
    const response = await callGateway("/v1/echo", { key: testKey.key });
    expect({ status: response.status, code: await errorCode(response) }).toEqual({
      status: 401,
      code: "KEY_EXPIRED",
    });
  });

  it("answers each tenant's key with its own record", async () => {
    const [a, b] = [await createTestKey(), await createTestKey()];
    for (let i = 0; i < 2; i++) {
      for (const testKey of [a, b]) {
        const echo = (await (await callGateway("/v1/echo", { key: testKey.key })).json()) as EchoBody;
        expect(echo.headers["x-organization-id"]).toBe(testKey.organizationId);
        expect(echo.headers["x-api-key-id"]).toBe(testKey.keyId);
      }
    }
    // A key differing from a remembered one in one character is another (made-up) key.
    const twisted = `${a.key.slice(0, 5)}${a.key[5] === "x" ? "y" : "x"}${a.key.slice(6)}`;
    expect((await callGateway("/v1/echo", { key: twisted })).status).toBe(401);
  });
});
