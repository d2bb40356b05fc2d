// Query keys decide what a mutation invalidates and what two views share: they must start with
// the organization and hold the filters in a canonical form.
import { describe, expect, it } from "vitest";
import { analyticsKeys, rangeQuery } from "../src/queries/analytics.ts";
import { auditKeys } from "../src/queries/audit.ts";
import { tokenKeys } from "../src/queries/automation-tokens.ts";
import { billingKeys } from "../src/queries/billing.ts";
import { keyChoicesQueryOptions, keyKeys, keyPageQueryOptions } from "../src/queries/keys.ts";
import { logKeys, logPageQueryOptions, normalizeLogFilters } from "../src/queries/logs.ts";
import { memberKeys } from "../src/queries/members.ts";
import { organizationKeys } from "../src/queries/organization-settings.ts";
import { webhookKeys } from "../src/queries/webhooks.ts";

describe("query keys", () => {
  it("every key is scoped by organization", () => {
    const keys = [
      analyticsKeys.all("org_a"),
      logKeys.all("org_a"),
      auditKeys.all("org_a"),
      tokenKeys.list("org_a"),
      memberKeys.members("org_a"),
      memberKeys.invitations("org_a"),
      organizationKeys.settings("org_a"),
      keyKeys.all("org_a"),
      keyKeys.detail("org_a", "key_1"),
      billingKeys.all("org_a"),
      webhookKeys.all("org_a"),
    ];
    for (const key of keys) expect(key.slice(0, 2)).toEqual(["org", "org_a"]);
  });

  it("equal log filters give equal keys, whatever their order or empty members", () => {
    const a = logPageQueryOptions("org_a", { status: "5xx", method: "GET", pathPrefix: "" }).queryKey;
    const b = logPageQueryOptions("org_a", { method: "GET", keyId: undefined, status: "5xx" }).queryKey;
    expect(a).toEqual(b);
    expect(JSON.stringify(normalizeLogFilters({ to: "t", status: "4xx", from: "f" }))).toBe(
      JSON.stringify({ status: "4xx", from: "f", to: "t" }),
    );
    expect(logPageQueryOptions("org_a", {}, "c1").queryKey).not.toEqual(
      logPageQueryOptions("org_a", {}).queryKey,
    );
    expect(logPageQueryOptions("org_b", {}).queryKey).not.toEqual(logPageQueryOptions("org_a", {}).queryKey);
  });

  it("a key change's invalidation of the list pages reaches every page, and the key choices have their own", () => {
    const page = keyPageQueryOptions("org_a", { sort: "name", q: "prod" }, "c1").queryKey;
    expect(page.slice(0, keyKeys.pages("org_a").length)).toEqual([...keyKeys.pages("org_a")]);
    expect(keyChoicesQueryOptions("org_a").queryKey).toEqual([...keyKeys.choices("org_a")]);
    expect(keyPageQueryOptions("org_a", { q: undefined, sort: "name" }).queryKey).toEqual(
      keyPageQueryOptions("org_a", { sort: "name", status: undefined }).queryKey,
    );
  });

  it("an unset key filter is left out of the analytics query", () => {
    expect(rangeQuery({ from: "f", to: "t", timeZone: "UTC", keyId: undefined })).toEqual({
      from: "f",
      to: "t",
      timeZone: "UTC",
    });
    expect(rangeQuery({ from: "f", to: "t", timeZone: "UTC", keyId: "key_1" }).keyId).toBe("key_1");
  });
});
