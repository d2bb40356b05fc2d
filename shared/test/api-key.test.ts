import { describe, expect, it } from "vitest";
import {
  API_KEY_LENGTH,
  apiKeyDisplayPrefix,
  checkApiKeyFormat,
  generateApiKey,
  hashApiKey,
} from "../src/api-key.ts";

describe("API key format", () => {
  it("generates distinct keys that pass their own check", () => {
    const keys = new Set(Array.from({ length: 2_000 }, generateApiKey));
    expect(keys.size).toBe(2_000);
    for (const key of keys) {
      expect(key).toHaveLength(API_KEY_LENGTH);
      expect(checkApiKeyFormat(key)).toBeNull();
    }
  });

  it("uses every base62 character roughly uniformly", () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 3_000; i++) {
      for (const char of generateApiKey().slice(3, 31)) counts.set(char, (counts.get(char) ?? 0) + 1);
    }
    expect(counts.size).toBe(62);
    const expected = (3_000 * 28) / 62;
    for (const count of counts.values()) expect(Math.abs(count - expected) / expected).toBeLessThan(0.15);
  });

  it("names what is wrong with a malformed key", () => {
    const key = generateApiKey();
    expect(checkApiKeyFormat(`sk_${key.slice(3)}`)).toBe("prefix");
    expect(checkApiKeyFormat(key.slice(0, -1))).toBe("length");
    expect(checkApiKeyFormat(`${key}a`)).toBe("length");
    expect(checkApiKeyFormat(`${key.slice(0, 10)}-${key.slice(11)}`)).toBe("alphabet");
    expect(checkApiKeyFormat(`${key.slice(0, 10)}\u0000${key.slice(11)}`)).toBe("alphabet");
    expect(checkApiKeyFormat(`${key.slice(0, 10)}é${key.slice(11)}`)).toBe("alphabet");
    expect(checkApiKeyFormat(`ak_${"A".repeat(10_000)}`)).toBe("length");
  });

  it("catches every single-character typo in the body through the checksum", () => {
    const key = generateApiKey();
    for (let i = 3; i < API_KEY_LENGTH; i++) {
      const replacement = key[i] === "a" ? "b" : "a";
      const typo = key.slice(0, i) + replacement + key.slice(i + 1);
      expect(checkApiKeyFormat(typo)).toBe("checksum");
    }
  });

  it("hashes to lower-case hex SHA-256 and shows only a short prefix", async () => {
    expect(await hashApiKey("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const key = generateApiKey();
    expect(apiKeyDisplayPrefix(key)).toBe(key.slice(0, 9));
  });
});
