import { describe, expect, it } from "vitest";
import { ALLOWLIST_ENTRY_MESSAGE, allowlistEntryError, parseAllowlistEntry } from "../src/ip-allowlist.ts";

describe("parseAllowlistEntry", () => {
  it("accepts addresses and CIDR ranges of both families", () => {
    expect(parseAllowlistEntry("203.0.113.7")?.[1]).toBe(32);
    expect(parseAllowlistEntry("203.0.113.0/24")?.[1]).toBe(24);
    expect(parseAllowlistEntry(" 2001:db8::/32 ")?.[1]).toBe(32);
    expect(parseAllowlistEntry("::1")?.[1]).toBe(128);
  });

  it("treats IPv4-mapped IPv6 as IPv4", () => {
    const single = parseAllowlistEntry("::ffff:198.51.100.9");
    expect(single?.[0].kind()).toBe("ipv4");
    expect(single?.[1]).toBe(32);
    const range = parseAllowlistEntry("::ffff:198.51.100.0/120");
    expect(range?.[0].kind()).toBe("ipv4");
    expect(range?.[1]).toBe(24);
  });

  it("refuses what is not an address or a range", () => {
    for (const entry of [
      "",
      "10.0.0",
      "10.0.0.256",
      "10.0.0.0/33",
      "2001:db8::/129",
      "example.com",
      "1.2.3.4/x",
    ]) {
      expect(parseAllowlistEntry(entry), entry).toBeNull();
    }
  });
});

describe("allowlistEntryError", () => {
  it("words problems as the API does", () => {
    expect(allowlistEntryError("10.0.0.0/8")).toBeNull();
    expect(allowlistEntryError("10.0.0.0/40")).toBe(ALLOWLIST_ENTRY_MESSAGE);
    expect(allowlistEntryError(`1${"0".repeat(64)}`)).toBe("must be at most 64 characters");
  });
});
