// API keys page logic: URL search params, the settings form's checks (the API's rules), the PATCH
// diff, grace periods, which actions a key offers, and the reveal-once state.
import { describe, expect, it } from "vitest";
import {
  availableActions,
  changedFields,
  EMPTY_KEY_FORM,
  formValuesFromKey,
  type KeyFormValues,
  parseAllowlistText,
  resolveExpiry,
  resolveGracePeriod,
  validateKeyForm,
  withoutFieldErrors,
} from "../src/features/keys/key-form.ts";
import { keyFiltersOf, parseKeySearch, parseKeysSearch } from "../src/features/keys/search.ts";
import { revealReducer } from "../src/lib/reveal-once.ts";
import { type ApiKey, usageWindow } from "../src/queries/keys.ts";

const NOW = new Date("2026-11-27T12:00:00.000Z");

const KEY: ApiKey = {
  id: "key_1",
  name: "Production backend",
  displayPrefix: "ak_3kT9xQ",
  status: "active",
  scopes: ["get:users", "*:orders"],
  rateLimitPerMinute: 600,
  burstLimit: null,
  ipAllowlist: ["203.0.113.0/24"],
  enabled: true,
  expiresAt: "2027-01-01T00:00:00.000Z",
  revokedAt: null,
  graceExpiresAt: null,
  rotatedToKeyId: null,
  lastUsedAt: null,
  createdBy: "user_1",
  createdAt: "2026-11-01T00:00:00.000Z",
  updatedAt: "2026-11-01T00:00:00.000Z",
};

describe("parseKeysSearch", () => {
  it("leaves the defaults out of a bare /keys", () => {
    expect(parseKeysSearch({})).toEqual({});
    expect(parseKeysSearch({ sort: "-createdAt" })).toEqual({});
  });

  it("keeps valid filters and pages and drops malformed ones instead of failing the page", () => {
    expect(
      parseKeysSearch({ q: "  prod ", status: "revoked", sort: "name", cursor: "c2", prev: ["c1"] }),
    ).toEqual({
      q: "prod",
      status: "revoked",
      sort: "name",
      cursor: "c2",
      prev: ["c1"],
    });
    expect(
      parseKeysSearch({ status: "bogus", sort: "lastUsedAt", prev: "x", q: ["a"], cursor: "a b" }),
    ).toEqual({});
    // Earlier pages mean nothing on the first page.
    expect(parseKeysSearch({ prev: ["c1"] })).toEqual({});
  });

  it("accepts a cursor as long as the API's (a long key name in a non-Latin script)", () => {
    const cursor = "A".repeat(512);
    expect(parseKeysSearch({ cursor }).cursor).toBe(cursor);
    expect(parseKeysSearch({ cursor: `${cursor}A` }).cursor).toBeUndefined();
  });

  it("hands the API the filters with the default sort filled in, never the page cursors", () => {
    expect(keyFiltersOf(parseKeysSearch({ q: "prod", cursor: "c2", prev: ["c1"] }))).toEqual({
      q: "prod",
      sort: "-createdAt",
    });
  });
});

describe("validateKeyForm", () => {
  const valid: KeyFormValues = {
    ...EMPTY_KEY_FORM,
    name: "  CI runner ",
    scopes: ["get:*"],
    rateLimitPerMinute: "120",
    ipAllowlist: "10.0.0.0/8\n\n2001:db8::1\n",
  };

  it("turns valid input into the API body", () => {
    expect(validateKeyForm(valid, NOW)).toEqual({
      ok: true,
      input: {
        name: "CI runner",
        scopes: ["get:*"],
        rateLimitPerMinute: 120,
        burstLimit: null,
        ipAllowlist: ["10.0.0.0/8", "2001:db8::1"],
        expiresAt: null,
      },
    });
  });

  it("reports every field the API would refuse, worded like the API", () => {
    const result = validateKeyForm(
      {
        name: "bad\u0007name",
        scopes: ["get:users", "fetch:users"],
        rateLimitPerMinute: "0",
        burstLimit: "1.5",
        ipAllowlist: "10.0.0.0/8\n300.1.1.1",
        expiry: "custom",
        expiresAtLocal: "2026-11-26T11:00",
      },
      NOW,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual({
      name: "must not contain control characters",
      scopes: expect.stringContaining('"fetch:users" must be "*" or "<method>:<resource>"'),
      rateLimitPerMinute: "must be between 1 and 1,000,000",
      burstLimit: "must be a whole number",
      ipAllowlist: "line 2 (300.1.1.1) must be an IPv4/IPv6 address or CIDR",
      expiresAt: "must be in the future",
    });
  });

  it("needs a name and at least one scope", () => {
    const result = validateKeyForm(EMPTY_KEY_FORM, NOW);
    expect(result).toMatchObject({
      ok: false,
      errors: { name: "must not be empty", scopes: "add at least one scope" },
    });
  });
});

describe("expiry, allowlist and grace period", () => {
  it("resolves expiry presets from now", () => {
    expect(resolveExpiry({ expiry: "30d", expiresAtLocal: "" }, NOW).value).toBe("2026-12-27T12:00:00.000Z");
    expect(resolveExpiry({ expiry: "never", expiresAtLocal: "" }, NOW)).toEqual({ value: null, error: null });
    expect(resolveExpiry({ expiry: "custom", expiresAtLocal: "" }, NOW).error).toBe("choose a date and time");
  });

  it("caps the allowlist at 100 entries", () => {
    const text = Array.from({ length: 101 }, (_, i) => `10.0.${Math.floor(i / 250)}.${i % 250}`).join("\n");
    expect(parseAllowlistText(text).error).toBe("must have at most 100 entries");
  });

  it("maps grace choices to seconds, custom hours within 30 days", () => {
    expect(resolveGracePeriod("0", "")).toEqual({ seconds: 0, error: null });
    expect(resolveGracePeriod("604800", "")).toEqual({ seconds: 604_800, error: null });
    expect(resolveGracePeriod("custom", "1.5")).toEqual({ seconds: 5_400, error: null });
    expect(resolveGracePeriod("custom", "721").error).toBe("must be at most 720 hours (30 days)");
    expect(resolveGracePeriod("custom", "soon").error).toBe("enter a number of hours");
  });
});

describe("key settings form", () => {
  it("round-trips a key through the form without changes", () => {
    const result = validateKeyForm(formValuesFromKey(KEY), NOW);
    expect(result.ok).toBe(true);
    if (result.ok) expect(changedFields(KEY, result.input)).toEqual({});
  });

  it("sends only what changed", () => {
    const values = {
      ...formValuesFromKey(KEY),
      rateLimitPerMinute: "",
      scopes: ["get:users"],
      expiry: "never" as const,
    };
    const result = validateKeyForm(values, NOW);
    if (!result.ok) throw new Error("expected valid input");
    expect(changedFields(KEY, result.input)).toEqual({
      scopes: ["get:users"],
      rateLimitPerMinute: null,
      expiresAt: null,
    });
  });

  it("clears a field's error when the user edits it, and only that one", () => {
    const errors = {
      fields: { name: "must not be empty", expiresAt: "must be in the future" },
      summary: ["x"],
    };
    expect(withoutFieldErrors(errors, { expiresAtLocal: "2030-01-01T00:00" }).fields).toEqual({
      name: "must not be empty",
    });
    expect(withoutFieldErrors(errors, { burstLimit: "5" })).toBe(errors);
  });
});

describe("availableActions", () => {
  it("offers what the key's state allows", () => {
    expect(availableActions({ status: "active" })).toEqual({ rotate: true, toggle: true, revoke: true });
    expect(availableActions({ status: "rotating" })).toEqual({ rotate: false, toggle: true, revoke: true });
    expect(availableActions({ status: "revoked" })).toEqual({ rotate: false, toggle: false, revoke: false });
  });
});

describe("reveal once", () => {
  it("holds the secret while open and forgets it on dismiss", () => {
    const key = { secret: "ak_secret", name: "CI", reason: "created" as const };
    const open = revealReducer({ open: false }, { type: "reveal", shown: key });
    expect(open).toEqual({ open: true, shown: key });
    const closed = revealReducer(open, { type: "dismiss" });
    expect(closed).toEqual({ open: false });
    expect(JSON.stringify(closed)).not.toContain("ak_secret");
  });
});

describe("key detail usage window", () => {
  it("leaves the 7-day default out of the URL and ignores a bad range", () => {
    expect(parseKeySearch({})).toEqual({});
    expect(parseKeySearch({ range: "7d" })).toEqual({});
    expect(parseKeySearch({ range: "1y" })).toEqual({});
    expect(parseKeySearch({ range: "24h" })).toEqual({ range: "24h" });
  });

  it("ends at the next whole minute, so refetches within a minute ask for the same window", () => {
    const now = Date.parse("2026-11-27T12:00:30.000Z");
    expect(usageWindow("24h", now)).toEqual({
      from: "2026-11-26T12:01:00.000Z",
      to: "2026-11-27T12:01:00.000Z",
    });
    expect(usageWindow("24h", now + 20_000)).toEqual(usageWindow("24h", now));
  });
});
