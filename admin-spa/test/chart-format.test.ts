import { describe, expect, it } from "vitest";
import {
  bucketLabelFormatter,
  formatBytes,
  formatChange,
  formatCount,
  formatDateTime,
  formatLatency,
  formatPercent,
  formatRelative,
  formatTimestamp,
  MISSING,
} from "../src/components/charts/format.ts";

const L = "en-US";

describe("formatCount", () => {
  it("groups digits, compacts large numbers on request, and marks missing values", () => {
    expect(formatCount(1234, { locale: L })).toBe("1,234");
    expect(formatCount(1_234_567, { compact: true, locale: L })).toBe("1.2M");
    // Small numbers stay exact even when compact.
    expect(formatCount(9_999, { compact: true, locale: L })).toBe("9,999");
    expect(formatCount(null)).toBe(MISSING);
    expect(formatCount(Number.NaN)).toBe(MISSING);
  });
});

describe("formatBytes", () => {
  it("uses decimal units with sensible precision", () => {
    expect(formatBytes(0, L)).toBe("0 B");
    expect(formatBytes(999, L)).toBe("999 B");
    expect(formatBytes(1000, L)).toBe("1 kB");
    expect(formatBytes(18_666, L)).toBe("18.7 kB");
    expect(formatBytes(1_234_567, L)).toBe("1.23 MB");
    expect(formatBytes(456_000_000_000, L)).toBe("456 GB");
    expect(formatBytes(-2048, L)).toBe("-2.05 kB");
    expect(formatBytes(Number.POSITIVE_INFINITY, L)).toBe(MISSING);
  });

  it("stops at the largest unit instead of running off the table", () => {
    expect(formatBytes(5e21, L)).toBe("5,000,000 PB");
  });
});

describe("formatLatency", () => {
  it("switches from ms to s and keeps precision where it matters", () => {
    expect(formatLatency(0.42, L)).toBe("0.42 ms");
    expect(formatLatency(8.92, L)).toBe("8.92 ms");
    expect(formatLatency(25, L)).toBe("25 ms");
    expect(formatLatency(999.4, L)).toBe("999 ms");
    expect(formatLatency(1234, L)).toBe("1.23 s");
    expect(formatLatency(12_345, L)).toBe("12.3 s");
    expect(formatLatency(null, L)).toBe(MISSING);
  });
});

describe("formatPercent", () => {
  it("shows more decimals near zero and none at the ends", () => {
    expect(formatPercent(1, L)).toBe("100%");
    expect(formatPercent(0, L)).toBe("0%");
    expect(formatPercent(0.9, L)).toBe("90%");
    expect(formatPercent(0.9954, L)).toBe("99.5%");
    expect(formatPercent(0.0123, L)).toBe("1.23%");
    expect(formatPercent(null, L)).toBe(MISSING);
  });
});

describe("formatChange", () => {
  it("describes direction and judges it by what is better", () => {
    expect(formatChange(0.25, true, L)).toEqual({
      text: "+25%",
      description: "up 25% from the previous period",
      direction: "up",
      tone: "good",
    });
    expect(formatChange(0.25, false, L).tone).toBe("bad");
    expect(formatChange(-0.031, false, L)).toMatchObject({ text: "−3.1%", direction: "down", tone: "good" });
    expect(formatChange(-0.5, null, L).tone).toBe("neutral");
  });

  it("says when there is nothing to compare with or nothing changed", () => {
    expect(formatChange(null, true, L)).toMatchObject({ text: null, direction: "none" });
    expect(formatChange(0.0001, true, L)).toMatchObject({ text: "±0%", direction: "flat", tone: "neutral" });
  });
});

describe("time labels", () => {
  const t = Date.UTC(2026, 10, 27, 13, 5);

  it("formats buckets in the given time zone", () => {
    expect(bucketLabelFormatter("minute", 3_600_000, "UTC", L)(t)).toBe("01:05 PM");
    expect(bucketLabelFormatter("minute", 3_600_000, "Europe/Berlin", "en-GB")(t)).toBe("14:05");
    expect(bucketLabelFormatter("minute", 3_600_000, "Asia/Kolkata", "en-GB")(t)).toBe("18:35");
  });

  it("adds the date when the range spans days and shows only dates for day buckets", () => {
    expect(bucketLabelFormatter("hour", 3 * 86_400_000, "UTC", "en-GB")(t)).toBe("27 Nov, 13:05");
    expect(bucketLabelFormatter("day", 30 * 86_400_000, "Pacific/Auckland", "en-GB")(t)).toBe("28 Nov");
  });

  it("formats full date-times with the zone and survives bad input", () => {
    expect(formatDateTime(t, "UTC", "en-GB")).toBe("27 Nov 2026, 13:05:00 UTC");
    expect(formatDateTime("garbage", "UTC", L)).toBe(MISSING);
  });

  it("formats relative times", () => {
    const now = Date.UTC(2026, 10, 27, 12, 0);
    expect(formatRelative(now - 3 * 60_000, now, L)).toBe("3 minutes ago");
    expect(formatRelative(now + 2 * 86_400_000, now, L)).toBe("in 2 days");
    expect(formatRelative(now - 5_000, now, L)).toBe("5 seconds ago");
  });
});

describe("formatTimestamp", () => {
  it("is compact, 24-hour, in the given zone", () => {
    const t = Date.UTC(2026, 10, 27, 13, 5, 9);
    expect(formatTimestamp(t, "UTC", L)).toBe("Nov 27, 13:05:09");
    expect(formatTimestamp(t, "America/New_York", L)).toBe("Nov 27, 08:05:09");
    expect(formatTimestamp("nope", "UTC", L)).toBe(MISSING);
  });
});
