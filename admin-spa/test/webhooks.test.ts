// The webhooks page's logic: its URL schema (valid searches survive the router's round trip,
// anything invalid or hostile falls back to the default), the health summary on each endpoint
// card, the grouped event-type selection, and the endpoint form's checks and request body.
import { defaultParseSearch, defaultStringifySearch } from "@tanstack/react-router";
import { describe, expect, it } from "vitest";
import { describeCause } from "../src/features/webhooks/DeliveryDetail.tsx";
import { outcomeText } from "../src/features/webhooks/DeliveryStatus.tsx";
import { validateEndpointForm } from "../src/features/webhooks/endpoint-form.ts";
import { groupEventTypes, groupState, setGroup, setType } from "../src/features/webhooks/event-types.ts";
import { summarizeHealth } from "../src/features/webhooks/health.ts";
import {
  deliveryFiltersOf,
  hasDeliveryFilters,
  parseWebhooksSearch,
  type WebhooksSearch,
  withDeliveryFilters,
} from "../src/features/webhooks/search.ts";
import { newerPage, olderPage } from "../src/lib/search-params.ts";
import type { EventTypeInfo } from "../src/queries/webhooks.ts";

const viaUrl = (search: object) => defaultParseSearch(defaultStringifySearch(search));

describe("the webhooks page's URL", () => {
  const full: WebhooksSearch = {
    endpointId: "whe_0193c1d2-7a2b-7c3d-8e4f-5a6b7c8d9e0f",
    eventType: "api_key.created",
    status: "failed",
    from: "2026-11-27T12:00:00.000Z",
    to: "2026-11-28T12:00:00.000Z",
    cursor: "eyJhIjoxfQ",
    prev: ["eyJiIjoyfQ"],
    deliveryId: "dlv_0193c1d2-7a2b-7c3d-8e4f-5a6b7c8d9e0f",
  };

  it("keeps every valid field through the router's serialisation", () => {
    expect(parseWebhooksSearch(viaUrl(full))).toEqual(full);
    expect(parseWebhooksSearch(viaUrl({}))).toEqual(parseWebhooksSearch({}));
  });

  it("normalises instants to UTC and drops a `to` that is not after `from`", () => {
    const parsed = parseWebhooksSearch(
      viaUrl({ from: "2026-11-27T13:00:00+01:00", to: "2026-11-27T11:00:00Z" }),
    );
    expect(parsed.from).toBe("2026-11-27T12:00:00.000Z");
    expect(parsed.to).toBeUndefined();
  });

  it("drops unknown event types and statuses, forged ids and cursors, without throwing", () => {
    const hostile: unknown[] = [
      null,
      42,
      "string",
      [],
      { __proto__: { status: "failed" } },
      {
        endpointId: "whe_1'; drop table webhooks; --",
        eventType: "api_key.stolen",
        status: "retrying",
        from: "yesterday",
        to: "2026-13-45T99:99:99Z",
        cursor: "<script>",
        prev: "not-a-list",
        deliveryId: "x".repeat(500),
      },
      { endpointId: ["a", "b"], eventType: { toString: "api_key.created" }, status: 1 },
    ];
    for (const input of hostile) {
      const parsed = parseWebhooksSearch(input);
      expect(
        Object.values(parsed).filter((value) => value !== undefined),
        JSON.stringify(input),
      ).toEqual([]);
    }
  });

  it("keeps `prev` only on a page after the first", () => {
    expect(parseWebhooksSearch({ prev: ["abc"] }).prev).toBeUndefined();
    expect(parseWebhooksSearch({ cursor: "def", prev: ["abc"] }).prev).toEqual(["abc"]);
  });

  it("separates the API's filters from the pages and the open drawer", () => {
    expect(deliveryFiltersOf(full)).toEqual({
      endpointId: full.endpointId,
      eventType: "api_key.created",
      status: "failed",
      from: full.from,
      to: full.to,
    });
    expect(hasDeliveryFilters({ cursor: "abc", deliveryId: "dlv_1" })).toBe(false);
    expect(hasDeliveryFilters({ status: "pending" })).toBe(true);
  });

  it("new filters start from the newest page and keep the open drawer", () => {
    expect(withDeliveryFilters(full, { status: "succeeded" })).toEqual({
      status: "succeeded",
      deliveryId: full.deliveryId,
    });
    expect(withDeliveryFilters({ cursor: "abc", prev: ["x"] }, {})).toEqual({});
  });

  it("pages older and back newer through the shared keyset helpers", () => {
    const first: WebhooksSearch = { status: "failed" };
    const second = olderPage(first, "c2");
    const third = olderPage(second, "c3");
    expect(third).toEqual({ status: "failed", cursor: "c3", prev: ["c2"] });
    expect(newerPage(third)).toEqual(second);
    expect(newerPage(second)).toEqual(first);
  });
});

describe("endpoint health summary", () => {
  const now = Date.parse("2026-12-02T12:00:00Z");
  const healthy = {
    enabled: true,
    consecutiveFailures: 0,
    failingSince: null,
    health: { attempts24h: 200, successRate24h: 0.995, lastAttemptAt: "2026-12-02T11:57:00Z" },
  };

  it("says healthy with the success rate over the attempts and the last attempt's age", () => {
    expect(summarizeHealth(healthy, now, "en-US")).toEqual({
      verdict: "healthy",
      label: "Healthy",
      tone: "success",
      successRate: "99.5% of 200 attempts",
      lastAttempt: "3 minutes ago",
      streak: null,
    });
  });

  it("puts a failing streak first, with how many and since when", () => {
    const failing = {
      ...healthy,
      consecutiveFailures: 4,
      failingSince: "2026-12-02T10:00:00Z",
      health: { attempts24h: 10, successRate24h: 0.6, lastAttemptAt: "2026-12-02T11:59:30Z" },
    };
    expect(summarizeHealth(failing, now, "en-US")).toMatchObject({
      verdict: "failing",
      tone: "danger",
      successRate: "60% of 10 attempts",
      lastAttempt: "30 seconds ago",
      streak: "4 failed attempts in a row, since 2 hours ago",
    });
    expect(summarizeHealth({ ...failing, consecutiveFailures: 1 }, now, "en-US").streak).toBe(
      "1 failed attempt in a row, since 2 hours ago",
    );
  });

  it("marks a recovering endpoint (last attempt fine, failures in the last 24 h) and an idle one", () => {
    const recovering = { ...healthy, health: { ...healthy.health, attempts24h: 20, successRate24h: 0.5 } };
    expect(summarizeHealth(recovering, now, "en-US")).toMatchObject({
      verdict: "recovering",
      label: "Recovering",
      tone: "warning",
    });
    const idle = { ...healthy, health: { attempts24h: 0, successRate24h: null, lastAttemptAt: null } };
    expect(summarizeHealth(idle, now, "en-US")).toMatchObject({
      verdict: "idle",
      successRate: "No attempts",
      lastAttempt: "Never",
      streak: null,
    });
  });

  it("a disabled endpoint is disabled whatever its numbers, and keeps its streak", () => {
    const disabled = {
      ...healthy,
      enabled: false,
      consecutiveFailures: 40,
      failingSince: "2026-11-26T12:00:00Z",
    };
    expect(summarizeHealth(disabled, now, "en-US")).toMatchObject({
      verdict: "disabled",
      label: "Disabled",
      streak: "40 failed attempts in a row, since 6 days ago",
    });
  });
});

const CATALOG: EventTypeInfo[] = [
  "api_key.created",
  "api_key.revoked",
  "usage.quota_threshold",
  "member.added",
  "member.removed",
].map((type) => ({ type, description: `${type} happened`, schema: {}, example: {} }));

describe("event-type picker", () => {
  const groups = groupEventTypes(CATALOG);
  const [keys, usage, members] = groups as [(typeof groups)[0], (typeof groups)[0], (typeof groups)[0]];

  it("groups by resource in the catalog's order, with readable names", () => {
    expect(groups.map((group) => [group.label, group.types.map((info) => info.type)])).toEqual([
      ["API keys", ["api_key.created", "api_key.revoked"]],
      ["Usage", ["usage.quota_threshold"]],
      ["Members", ["member.added", "member.removed"]],
    ]);
  });

  it("ticks and unticks a whole group, keeping the catalog's order", () => {
    const withMembers = setGroup(["usage.quota_threshold"], members, true, CATALOG);
    expect(withMembers).toEqual(["usage.quota_threshold", "member.added", "member.removed"]);
    expect(setGroup(withMembers, keys, true, CATALOG)).toEqual(CATALOG.map((info) => info.type));
    expect(setGroup(withMembers, members, false, CATALOG)).toEqual(["usage.quota_threshold"]);
  });

  it("reports a group as all, some or none ticked (the mixed box)", () => {
    expect(groupState(["api_key.created"], keys)).toBe("some");
    expect(groupState(["api_key.created", "api_key.revoked"], keys)).toBe("all");
    expect(groupState(["member.added"], usage)).toBe("none");
  });

  it("ticks single types and keeps types the catalog no longer lists", () => {
    expect(setType(["member.removed"], "api_key.created", true, CATALOG)).toEqual([
      "api_key.created",
      "member.removed",
    ]);
    expect(setType(["legacy.event", "member.added"], "member.added", false, CATALOG)).toEqual([
      "legacy.event",
    ]);
  });
});

describe("endpoint form", () => {
  const base = {
    url: " https://hooks.example.com/edgegate ",
    description: " Billing ",
    events: "all" as const,
    eventTypes: [],
    rateLimit: "",
  };

  it("sends all events as an empty list, trims text, and no cap as null", () => {
    expect(validateEndpointForm(base)).toEqual({
      ok: true,
      body: {
        url: "https://hooks.example.com/edgegate",
        description: "Billing",
        eventTypes: [],
        rateLimitPerSecond: null,
      },
    });
    const selected = validateEndpointForm({
      ...base,
      events: "selected",
      eventTypes: ["member.added"],
      rateLimit: "5",
    });
    expect(selected).toMatchObject({
      ok: true,
      body: { eventTypes: ["member.added"], rateLimitPerSecond: 5 },
    });
  });

  it("names each field it refuses; the URL's SSRF rules are left to the API", () => {
    const result = validateEndpointForm({
      url: "  ",
      description: "x".repeat(201),
      events: "selected",
      eventTypes: [],
      rateLimit: "0x10",
    });
    expect(result.ok).toBe(false);
    expect(Object.keys(result.ok ? {} : result.errors).sort()).toEqual([
      "description",
      "eventTypes",
      "rateLimitPerSecond",
      "url",
    ]);
    for (const rate of ["0", "1001", "1.5", "-1"]) {
      expect(validateEndpointForm({ ...base, rateLimit: rate }).ok, rate).toBe(false);
    }
    // A private address passes here: whether it is refused depends on the environment, so the
    // API decides and its message appears under the URL field.
    expect(validateEndpointForm({ ...base, url: "http://10.0.0.1/hook" }).ok).toBe(true);
  });
});

describe("delivery drawer text", () => {
  it("names what caused an event", () => {
    expect(describeCause("request:019abc")).toBe("Admin request 019abc");
    expect(describeCause("job:api-key-expiry")).toBe("Scheduled job api-key-expiry");
    expect(describeCause("test")).toBe("Test event");
    expect(describeCause("something:else")).toBe("something:else");
  });

  it("words an attempt's outcome from its status and error class", () => {
    expect(outcomeText({ statusCode: 200, errorClass: null })).toBe("200");
    expect(outcomeText({ statusCode: 503, errorClass: "non_2xx" })).toBe("503");
    expect(outcomeText({ statusCode: 307, errorClass: "redirect" })).toBe("307 · Redirect (not followed)");
    expect(outcomeText({ statusCode: null, errorClass: "timeout" })).toBe("Timed out");
    expect(outcomeText({ statusCode: null, errorClass: null })).toBe("No answer");
    expect(outcomeText({ lastStatusCode: 500 })).toBe("500");
  });
});
