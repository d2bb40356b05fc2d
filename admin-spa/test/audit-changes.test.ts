import { describe, expect, it } from "vitest";
import { changeRows, changeSummary, displayValue } from "../src/lib/audit-changes.ts";

describe("audit before/after", () => {
  it("lists every field from both sides, sorted, marking what changed", () => {
    expect(changeRows({ name: "a", enabled: true }, { name: "b", enabled: true, expiresAt: null })).toEqual([
      { field: "enabled", before: "true", after: "true", changed: false },
      { field: "expiresAt", before: "—", after: "null", changed: true },
      { field: "name", before: "a", after: "b", changed: true },
    ]);
  });

  it("handles a creation, a removal and nested values", () => {
    expect(changeRows(null, { scopes: ["GET:/v1/*"] })).toEqual([
      { field: "scopes", before: "—", after: '["GET:/v1/*"]', changed: true },
    ]);
    expect(changeSummary(null, { a: 1 })).toBe("Created");
    expect(changeSummary({ a: 1 }, null)).toBe("Removed");
    expect(changeSummary(null, null)).toBe("No details");
    expect(changeSummary({ a: 1, b: 2 }, { a: 2, b: 3 })).toBe("2 fields changed");
    expect(changeSummary({ a: 1 }, { a: 1 })).toBe("No field changed");
  });

  it("does not read inherited properties", () => {
    const before = Object.create({ inherited: "x" }) as Record<string, unknown>;
    before.own = 1;
    expect(changeRows(before, { own: 1 }).map((row) => row.field)).toEqual(["own"]);
  });

  it("formats values for display without throwing on cycles", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(displayValue(cyclic)).toBe("[object Object]");
    expect(displayValue(undefined)).toBe("—");
    expect(displayValue(42)).toBe("42");
  });
});
