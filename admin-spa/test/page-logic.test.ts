// The checks the pages make before calling the API, and what they decide from the caller's role.
import { describe, expect, it } from "vitest";
import { validateCustomRange } from "../src/components/AnalyticsFilters.tsx";
import { statsOf } from "../src/components/charts/StatCards.tsx";
import { validateLogDraft } from "../src/features/logs/LogFilters.tsx";
import { quotaShare } from "../src/features/overview/QuotaMeter.tsx";
import { canEditMember } from "../src/features/settings/MembersSection.tsx";
import { validateOrganization } from "../src/features/settings/OrganizationSection.tsx";
import { tokenStatus } from "../src/features/settings/TokensSection.tsx";
import type { PeriodSummary } from "../src/queries/analytics.ts";
import { assignableRoles } from "../src/queries/members.ts";

describe("role-aware member actions", () => {
  const member = (role: "owner" | "admin" | "developer" | "viewer", userId = "usr_other") => ({
    role,
    userId,
  });

  it("owners manage everyone but themselves; admins everyone but owners; others nobody", () => {
    expect(canEditMember("owner", "usr_me", member("owner"))).toBe(true);
    expect(canEditMember("owner", "usr_me", member("owner", "usr_me"))).toBe(false);
    expect(canEditMember("admin", "usr_me", member("developer"))).toBe(true);
    expect(canEditMember("admin", "usr_me", member("owner"))).toBe(false);
    expect(canEditMember("developer", "usr_me", member("viewer"))).toBe(false);
    expect(canEditMember(null, "usr_me", member("viewer"))).toBe(false);
  });

  it("only an owner hands out the owner role", () => {
    expect(assignableRoles("owner")).toContain("owner");
    expect(assignableRoles("admin")).toEqual(["admin", "developer", "viewer"]);
    expect(assignableRoles("viewer")).toEqual([]);
    expect(assignableRoles(null)).toEqual([]);
  });
});

describe("form checks", () => {
  it("a custom analytics range must be complete, ordered and at most 400 days", () => {
    expect(validateCustomRange("2026-11-01T00:00", "2026-11-02T00:00")).toEqual({});
    expect(validateCustomRange("", "2026-11-02T00:00")).toEqual({ from: "Enter a start date and time." });
    expect(validateCustomRange("2026-11-02T00:00", "2026-11-01T00:00")).toEqual({
      to: "The end must be after the start.",
    });
    expect(validateCustomRange("2024-01-01T00:00", "2026-01-01T00:00").from).toMatch(/400 days/);
  });

  it("log filters name the field that is wrong", () => {
    const ok = { pathPrefix: "/v1", from: "", to: "", requestId: "", errorCode: "RATE_LIMITED" };
    expect(validateLogDraft(ok)).toEqual({});
    expect(validateLogDraft({ ...ok, pathPrefix: "v1" })).toHaveProperty("pathPrefix");
    expect(validateLogDraft({ ...ok, errorCode: "rate limited" })).toHaveProperty("errorCode");
    expect(validateLogDraft({ ...ok, requestId: "not-a-uuid" })).toHaveProperty("requestId");
    expect(validateLogDraft({ ...ok, from: "2026-11-02T00:00", to: "2026-11-01T00:00" })).toHaveProperty(
      "to",
    );
  });

  it("organization name and slug follow the API's rules", () => {
    expect(validateOrganization("Acme", "acme-prod")).toEqual({});
    expect(validateOrganization("  ", "acme")).toHaveProperty("name");
    expect(validateOrganization("Acme", "-acme")).toHaveProperty("slug");
    expect(validateOrganization("Acme", "Acme")).toHaveProperty("slug");
    expect(validateOrganization("Acme", "a".repeat(49))).toHaveProperty("slug");
    expect(validateOrganization("Acme", "a")).toEqual({});
  });
});

describe("derived display values", () => {
  it("token status: revoked wins, then expiry", () => {
    const now = Date.UTC(2026, 10, 27);
    expect(tokenStatus({ revokedAt: null, expiresAt: null }, now)).toBe("active");
    expect(tokenStatus({ revokedAt: null, expiresAt: "2026-11-26T00:00:00Z" }, now)).toBe("expired");
    expect(tokenStatus({ revokedAt: "2026-11-01T00:00:00Z", expiresAt: "2026-11-26T00:00:00Z" }, now)).toBe(
      "revoked",
    );
  });

  it("quota share is null without a quota", () => {
    expect(quotaShare(50, 1000)).toBe(0.05);
    expect(quotaShare(50, null)).toBeNull();
    expect(quotaShare(50, 0)).toBeNull();
  });

  it("stat cards: success rate changes in points, latency up is bad", () => {
    const period = (over: Partial<PeriodSummary>): PeriodSummary => ({
      from: "",
      to: "",
      totalRequests: 100,
      successRate: 0.99,
      errorRate: 0.01,
      errorCount: 1,
      rateLimitedCount: 0,
      failOpenCount: 0,
      avgLatencyMs: 10,
      requestBytes: 0,
      responseBytes: 0,
      bandwidthBytes: 1000,
      p50: 5,
      p95: 20,
      p99: 40,
      ...over,
    });
    const [requests, success, p95, bandwidth] = statsOf({
      current: period({ successRate: 0.97, p95: 30 }),
      previous: period({}),
      change: { totalRequests: 0.5, errorRate: 2, p95: 0.5, bandwidthBytes: null },
    });
    expect(requests?.change.tone).toBe("neutral");
    expect(success?.change).toMatchObject({ text: "−2 pt", tone: "bad" });
    expect(p95?.change).toMatchObject({ direction: "up", tone: "bad" });
    expect(bandwidth?.change.text).toBeNull();
  });
});
