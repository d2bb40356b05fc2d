// The pages' URL schemas: valid searches survive a round trip through the router's own
// serialisation, and anything invalid or hostile falls back to the default without throwing.
import { defaultParseSearch, defaultStringifySearch } from "@tanstack/react-router";
import { describe, expect, it } from "vitest";
import { parseAuditSearch } from "../src/features/audit/search.ts";
import { parseSignInSearch, parseSignUpSearch } from "../src/features/auth/search.ts";
import { parseBillingSearch } from "../src/features/billing/search.ts";
import {
  type LogsSearch,
  logFiltersOf,
  MAX_PREVIOUS_CURSORS,
  newerPage,
  newestPage,
  olderPage,
  parseLogsSearch,
} from "../src/features/logs/search.ts";
import { allowedGranularities, resolveAnalyticsView } from "../src/lib/analytics-range.ts";
import { type AnalyticsSearch, parseAnalyticsSearch } from "../src/lib/analytics-search.ts";
import { fromDateTimeLocal, timeRangeOf, toDateTimeLocal } from "../src/lib/search-params.ts";

/** What the router does with a search object: stringify into the URL, then parse it back. */
const viaUrl = (search: object) => defaultParseSearch(defaultStringifySearch(search));

const HOSTILE: unknown[] = [
  null,
  undefined,
  42,
  "string",
  [],
  { __proto__: { range: "7d" } },
  { range: { toString: "7d" }, keyId: ["a", "b"], granularity: 1, from: {}, to: [] },
  { keyId: "x".repeat(10_000), status: "9xx", method: "G E T", pathPrefix: "no-slash", cursor: "<script>" },
  {
    requestId: "'; drop table request_logs; --",
    errorCode: "BAD CODE",
    from: "yesterday",
    to: "2026-13-45T99:99:99Z",
  },
  { action: "../../etc/passwd", actorId: "", targetType: "a b", cursor: "a+b/c=" },
];

describe("analytics search", () => {
  const custom: AnalyticsSearch = {
    range: "custom",
    from: "2026-11-01T00:00:00.000Z",
    to: "2026-11-08T00:00:00.000Z",
    granularity: "hour",
    keyId: "key_demo",
  };

  it("round-trips through the URL", () => {
    expect(parseAnalyticsSearch(viaUrl(custom))).toEqual(custom);
    expect(parseAnalyticsSearch(viaUrl({ range: "7d" }))).toEqual({ range: "7d" });
    expect(parseAnalyticsSearch(viaUrl({}))).toEqual({});
  });

  it("leaves defaults out so the default view has a clean URL", () => {
    expect(parseAnalyticsSearch({ range: "24h", granularity: "auto" })).toEqual({});
  });

  it("normalises instants with an offset to UTC", () => {
    expect(parseAnalyticsSearch({ from: "2026-11-01T01:00:00+01:00", to: "2026-11-02T00:00:00Z" })).toEqual({
      range: "custom",
      from: "2026-11-01T00:00:00.000Z",
      to: "2026-11-02T00:00:00.000Z",
    });
  });

  it("falls back to the default range for an unusable custom range", () => {
    // to before from, missing end, longer than the API's 400 days, garbage dates
    expect(parseAnalyticsSearch({ range: "custom", from: custom.to, to: custom.from })).toEqual({});
    expect(parseAnalyticsSearch({ range: "custom", from: custom.from })).toEqual({});
    expect(
      parseAnalyticsSearch({ range: "custom", from: "2024-01-01T00:00:00Z", to: "2026-01-01T00:00:00Z" }),
    ).toEqual({});
    expect(
      parseAnalyticsSearch({ range: "custom", from: "1999-01-01T00:00:00Z", to: "1999-01-02T00:00:00Z" }),
    ).toEqual({});
  });

  it("a preset wins over stray from/to", () => {
    expect(parseAnalyticsSearch({ range: "1h", from: custom.from, to: custom.to })).toEqual({ range: "1h" });
  });

  it("never throws on hostile input", () => {
    for (const input of HOSTILE) expect(() => parseAnalyticsSearch(input)).not.toThrow();
    expect(parseAnalyticsSearch(HOSTILE[6])).toEqual({});
    expect(parseAnalyticsSearch(HOSTILE[7])).toEqual({});
    // Inherited members are not own properties: nothing leaks in from a prototype.
    expect(parseAnalyticsSearch(HOSTILE[5])).toEqual({});
  });

  it("resolves a preset to a minute-aligned range ending after now", () => {
    const now = Date.UTC(2026, 10, 27, 12, 30, 15);
    const resolved = resolveAnalyticsView({ range: "1h", keyId: "key_demo" }, now, "Europe/Berlin");
    expect(resolved.range).toEqual({
      from: "2026-11-27T11:31:00.000Z",
      to: "2026-11-27T12:31:00.000Z",
      timeZone: "Europe/Berlin",
      keyId: "key_demo",
    });
    expect(resolved.preset).toBe("1h");
    // Within the same minute the range (and so the query key) is the same.
    expect(resolveAnalyticsView({ range: "1h" }, now + 30_000, "UTC").range.to).toBe(resolved.range.to);
  });

  it("replaces a granularity too fine for the range with auto", () => {
    const now = Date.UTC(2026, 10, 27, 12, 0, 0);
    expect(resolveAnalyticsView({ range: "30d", granularity: "minute" }, now, "UTC").granularity).toBe(
      "auto",
    );
    expect(resolveAnalyticsView({ range: "30d", granularity: "hour" }, now, "UTC").granularity).toBe("hour");
    expect(allowedGranularities(30 * 86_400_000)).toEqual(["auto", "hour", "day"]);
    expect(allowedGranularities(3_600_000)).toEqual(["auto", "minute", "hour", "day"]);
  });
});

describe("logs search", () => {
  const full = {
    keyId: "key_demo",
    status: "4xx",
    method: "POST",
    pathPrefix: "/v1/orders",
    from: "2026-11-27T00:00:00.000Z",
    to: "2026-11-28T00:00:00.000Z",
    requestId: "01a21f09-8b54-76e8-9d6e-67f6784a8db5",
    errorCode: "RATE_LIMITED",
    failOpen: "true",
    cursor: "WzE3OTU4MTcwNDg4OTQsIjAxYTIxZjA5In0",
  };

  it("round-trips through the URL", () => {
    expect(parseLogsSearch(viaUrl(full))).toEqual(full);
  });

  it("reads the fail-open filter typed by hand or from a link, and drops anything else", () => {
    expect(parseLogsSearch(defaultParseSearch("?failOpen=true"))).toEqual({ failOpen: "true" });
    expect(parseLogsSearch(defaultParseSearch("?failOpen=false"))).toEqual({ failOpen: "false" });
    expect(parseLogsSearch(viaUrl({ failOpen: "true" }))).toEqual({ failOpen: "true" });
    expect(parseLogsSearch(defaultParseSearch("?failOpen=yes"))).toEqual({});
  });

  it("accepts a status code that the router parsed as a number", () => {
    expect(parseLogsSearch(viaUrl({ status: "404" }))).toEqual({ status: "404" });
    expect(parseLogsSearch({ status: 503 })).toEqual({ status: "503" });
  });

  it("normalises case the way the API compares", () => {
    expect(parseLogsSearch({ status: "5XX", method: "post", errorCode: "rate_limited" })).toEqual({
      status: "5xx",
      method: "POST",
      errorCode: "RATE_LIMITED",
    });
    expect(parseLogsSearch({ requestId: full.requestId.toUpperCase() }).requestId).toBe(full.requestId);
  });

  it("drops invalid fields and keeps the valid ones", () => {
    expect(parseLogsSearch({ ...full, status: "600", pathPrefix: "v1", cursor: "not/base64url" })).toEqual({
      ...full,
      status: undefined,
      pathPrefix: undefined,
      cursor: undefined,
    } as never);
    const dropped = parseLogsSearch({ status: "600" });
    expect(Object.values(dropped).filter((value) => value !== undefined)).toEqual([]);
    // Named as undefined, not left out: the router merges the raw search with this result, and a
    // missing member would bring the invalid raw value back.
    expect(dropped).toHaveProperty("status", undefined);
  });

  it("drops an end before the start", () => {
    expect(parseLogsSearch({ from: full.to, to: full.from })).toEqual({ from: full.to });
  });

  it("never throws on hostile input", () => {
    for (const input of HOSTILE) expect(() => parseLogsSearch(input)).not.toThrow();
    expect(parseLogsSearch(HOSTILE[7])).toEqual({});
    expect(parseLogsSearch(HOSTILE[8])).toEqual({});
  });

  it("filters for the API exclude the cursor and the open request", () => {
    const { cursor: _c, requestId: _r, ...filters } = full;
    expect(logFiltersOf(parseLogsSearch(full))).toEqual(filters);
  });
});

describe("audit search", () => {
  it("round-trips through the URL", () => {
    const search = {
      action: "api_key.",
      actorId: "usr_demo",
      targetType: "api_key",
      targetId: "key_demo",
      cursor: "WzAx",
    };
    expect(parseAuditSearch(viaUrl(search))).toEqual(search);
  });

  it("never throws on hostile input and drops what is invalid", () => {
    for (const input of HOSTILE) expect(() => parseAuditSearch(input)).not.toThrow();
    expect(parseAuditSearch(HOSTILE[9])).toEqual({});
  });
});

describe("datetime-local conversion", () => {
  it("converts a local wall-clock value to an instant and back", () => {
    const iso = fromDateTimeLocal("2026-11-27T14:05");
    expect(iso).toBeDefined();
    expect(toDateTimeLocal(iso)).toBe("2026-11-27T14:05");
  });

  it("refuses what the input cannot produce", () => {
    expect(fromDateTimeLocal("")).toBeUndefined();
    expect(fromDateTimeLocal("2026-11-27")).toBeUndefined();
    expect(fromDateTimeLocal("2026-02-30T10:00x")).toBeUndefined();
    expect(toDateTimeLocal("nonsense")).toBe("");
  });

  it("checks a filter bar's From/To: each valid, and the end after the start", () => {
    expect(timeRangeOf({ from: "", to: "" })).toEqual({ from: undefined, to: undefined, errors: {} });
    const ok = timeRangeOf({ from: "2026-11-27T10:00", to: "2026-11-27T11:00" });
    expect(ok.errors).toEqual({});
    expect(ok.from).toBe(fromDateTimeLocal("2026-11-27T10:00"));
    expect(timeRangeOf({ from: "27/11/2026", to: "" }).errors).toEqual({
      from: "Enter a valid date and time.",
    });
    expect(timeRangeOf({ from: "2026-11-27T11:00", to: "2026-11-27T10:00" }).errors).toEqual({
      to: "The end must be after the start.",
    });
  });
});

describe("logs keyset pagination in the URL", () => {
  const base: LogsSearch = { status: "5xx" };

  it("walks older and back newer through the remembered cursors", () => {
    const page2 = olderPage(base, "c1");
    expect(page2).toEqual({ status: "5xx", cursor: "c1" });
    const page3 = olderPage(page2, "c2");
    expect(page3).toEqual({ status: "5xx", cursor: "c2", prev: ["c1"] });
    const page4 = olderPage(page3, "c3");
    expect(page4).toEqual({ status: "5xx", cursor: "c3", prev: ["c1", "c2"] });
    expect(newerPage(page4)).toEqual(page3);
    expect(newerPage(page3)).toEqual(page2);
    expect(newerPage(page2)).toEqual(base);
    expect(newestPage(page4)).toEqual(base);
  });

  it("survives the URL round trip and bounds the remembered cursors", () => {
    const deep = { cursor: "c99", prev: Array.from({ length: 80 }, (_, i) => `c${i}`) };
    const parsed = parseLogsSearch(viaUrl(deep));
    expect(parsed.prev).toHaveLength(MAX_PREVIOUS_CURSORS);
    expect(parsed.prev?.at(-1)).toBe("c79");
    // Without a cursor there is nothing to go back from.
    expect(parseLogsSearch({ prev: ["c1"] })).toEqual({});
    expect(parseLogsSearch({ cursor: "c2", prev: ["bad/cursor"] })).toEqual({ cursor: "c2" });
  });
});

describe("the billing and sign-in URLs", () => {
  it("keeps Checkout's verdict and drops anything else", () => {
    expect(parseBillingSearch({ checkout: "success" })).toEqual({ checkout: "success" });
    expect(parseBillingSearch({ checkout: "<script>" })).toEqual({});
    expect(parseBillingSearch("nonsense")).toEqual({});
  });

  it("keeps a redirect (checked again before use) and sign-up's organization step only", () => {
    expect(parseSignInSearch({ redirect: "/keys?status=active" })).toEqual({
      redirect: "/keys?status=active",
    });
    expect(parseSignInSearch({ redirect: "x".repeat(5000) })).toEqual({});
    expect(parseSignUpSearch({ step: "organization", redirect: 5 })).toEqual({ step: "organization" });
    expect(parseSignUpSearch({ step: "payment" })).toEqual({});
  });
});
