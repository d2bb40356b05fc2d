import { describe, expect, it } from "vitest";
import { monthlyEnforcement, planAllowsOverage } from "../src/billing.ts";
import { spendCapSchema } from "../src/billing-schemas.ts";

describe("monthlyEnforcement", () => {
  it("hard_cap refuses above the plan's quota", () => {
    expect(monthlyEnforcement("STARTER", "hard_cap", null)).toEqual({
      includedQuota: 100_000,
      policy: "hard_cap",
      refuseAbove: 100_000,
    });
  });

  it("bill_overage refuses above quota + cap, or never without a cap", () => {
    expect(monthlyEnforcement("PRO", "bill_overage", 5_000).refuseAbove).toBe(1_005_000);
    expect(monthlyEnforcement("PRO", "bill_overage", null)).toEqual({
      includedQuota: 1_000_000,
      policy: "bill_overage",
      refuseAbove: null,
    });
  });

  it("FREE is always hard_cap, whatever is stored", () => {
    expect(planAllowsOverage("FREE")).toBe(false);
    expect(monthlyEnforcement("FREE", "bill_overage", 5_000)).toEqual({
      includedQuota: 10_000,
      policy: "hard_cap",
      refuseAbove: 10_000,
    });
  });

  it("an unlimited plan never refuses on volume", () => {
    expect(monthlyEnforcement("ENTERPRISE", "bill_overage", 10)).toEqual({
      includedQuota: null,
      policy: "hard_cap",
      refuseAbove: null,
    });
  });
});

describe("spendCapSchema", () => {
  it.each([0, -1, 1.5, 1e10, "10", Number.NaN])("refuses %s", (value) => {
    expect(spendCapSchema.safeParse(value).success).toBe(false);
  });
  it.each([1, 1_000_000_000, null])("accepts %s", (value) => {
    expect(spendCapSchema.safeParse(value).success).toBe(true);
  });
});
