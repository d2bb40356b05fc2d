// The pipeline benchmark's flags: sizes are whole row counts, anything else fails with one line.
import { describe, expect, it } from "vitest";
import { parseAnalyticsArgs } from "../src/analytics.ts";

describe("analytics benchmark flags", () => {
  it("reads --quick and --sizes", () => {
    expect(parseAnalyticsArgs([])).toEqual({ quick: false, sizes: null });
    expect(parseAnalyticsArgs(["--quick"])).toEqual({ quick: true, sizes: null });
    expect(parseAnalyticsArgs(["--sizes", "1_000_000,10000000"])).toEqual({
      quick: false,
      sizes: [1_000_000, 10_000_000],
    });
    expect(parseAnalyticsArgs(["--sizes=5000"])).toEqual({ quick: false, sizes: [5_000] });
  });

  it.each([
    [["--sizes"], '--sizes takes row counts from 1000 to 100000000 separated by commas, got ""'],
    [
      ["--sizes", "1e6,x"],
      '--sizes takes row counts from 1000 to 100000000 separated by commas, got "1e6,x"',
    ],
    [["--sizes", "10"], 'got "10"'],
    [["--size", "10"], 'unknown argument "--size" (expected --quick, --sizes N,N)'],
  ])("refuses %j with one line", (argv, message) => {
    expect(() => parseAnalyticsArgs(argv)).toThrow(message);
  });
});
