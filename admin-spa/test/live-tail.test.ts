import { describe, expect, it } from "vitest";
import { announceNew, mergeNewest } from "../src/features/logs/live-tail.ts";

const row = (n: number, second = n) => ({
  id: `01a21f09-0000-7000-8000-${String(n).padStart(12, "0")}`,
  createdAt: new Date(Date.UTC(2026, 10, 27, 12, 0, second)).toISOString(),
});

describe("mergeNewest", () => {
  it("prepends only rows not shown yet, newest first", () => {
    const shown = [row(3), row(2), row(1)];
    const result = mergeNewest(shown, [row(5), row(4), row(3), row(2)], 50);
    expect(result.added.map((r) => r.id)).toEqual([row(5).id, row(4).id]);
    expect(result.rows.map((r) => r.id)).toEqual([5, 4, 3, 2, 1].map((n) => row(n).id));
    expect(result.gap).toBe(false);
  });

  it("dedupes by request id regardless of case and repeats within one poll", () => {
    const shown = [row(1)];
    const upper = { ...row(1), id: row(1).id.toUpperCase() };
    const result = mergeNewest(shown, [row(2), row(2), upper], 50);
    expect(result.added).toHaveLength(1);
    expect(result.rows).toHaveLength(2);
  });

  it("keeps the list unchanged (a copy) when nothing is new", () => {
    const shown = [row(2), row(1)];
    const result = mergeNewest(shown, [row(2), row(1)], 50);
    expect(result.added).toEqual([]);
    expect(result.rows).toEqual(shown);
    expect(result.rows).not.toBe(shown);
  });

  it("orders rows with the same timestamp by id, newest id first", () => {
    const a = { id: "01a21f09-0000-7000-8000-00000000000a", createdAt: "2026-11-27T12:00:00.000Z" };
    const b = { id: "01a21f09-0000-7000-8000-00000000000b", createdAt: "2026-11-27T12:00:00.000Z" };
    expect(mergeNewest([a], [b], 50).rows).toEqual([b, a]);
  });

  it("bounds the list, dropping the oldest rows", () => {
    const shown = [row(3), row(2), row(1)];
    const result = mergeNewest(shown, [row(5), row(4)], 50, 4);
    expect(result.rows.map((r) => r.id)).toEqual([5, 4, 3, 2].map((n) => row(n).id));
  });

  it("flags a gap when a full page shares nothing with the rows shown", () => {
    const shown = [row(1)];
    expect(mergeNewest(shown, [row(4), row(3), row(2)], 3).gap).toBe(true);
    expect(mergeNewest(shown, [row(3), row(2)], 3).gap).toBe(false); // not a full page
    expect(mergeNewest([], [row(3), row(2), row(1)], 3).gap).toBe(false); // first page
  });
});

describe("announceNew", () => {
  it("says nothing for no rows and counts otherwise", () => {
    expect(announceNew(0)).toBe("");
    expect(announceNew(1)).toBe("1 new request");
    expect(announceNew(12)).toBe("12 new requests");
  });
});
