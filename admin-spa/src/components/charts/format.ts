// Number, byte, latency, percentage and time formatting shared by charts, tables and stat cards.
// Everything goes through Intl so separators and month names follow the browser's locale; the
// functions take an explicit locale/time zone so tests pin them.

/** "–" for a value that does not exist (no requests in the period), never "0" or "NaN". */
export const MISSING = "–";

function finite(value: number | null | undefined): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

/** 1234 → "1,234"; 1_234_567 → "1.2M" when `compact`. */
export function formatCount(
  value: number | null | undefined,
  options: { compact?: boolean; locale?: string } = {},
) {
  if (!finite(value)) return MISSING;
  return new Intl.NumberFormat(options.locale, {
    notation: options.compact && Math.abs(value) >= 10_000 ? "compact" : "standard",
    maximumFractionDigits: options.compact ? 1 : 0,
  }).format(value);
}

const BYTE_UNITS = ["B", "kB", "MB", "GB", "TB", "PB"] as const;

/** Decimal (SI) units, as network traffic is billed: 1 kB = 1000 B. */
export function formatBytes(value: number | null | undefined, locale?: string): string {
  if (!finite(value)) return MISSING;
  const sign = value < 0 ? "-" : "";
  let size = Math.abs(value);
  let unit = 0;
  while (size >= 1000 && unit < BYTE_UNITS.length - 1) {
    size /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || size >= 100 ? 0 : size >= 10 ? 1 : 2;
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(size);
  return `${sign}${number} ${BYTE_UNITS[unit]}`;
}

/** Sub-millisecond → "0.42 ms", under a second → "123 ms", else "1.23 s". */
export function formatLatency(ms: number | null | undefined, locale?: string): string {
  if (!finite(ms)) return MISSING;
  if (ms >= 1000) {
    return `${new Intl.NumberFormat(locale, { maximumFractionDigits: ms >= 10_000 ? 1 : 2 }).format(ms / 1000)} s`;
  }
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: ms < 10 ? 2 : 0 }).format(ms)} ms`;
}

/** A ratio 0..1 → "99.5 %" (locale-aware sign placement). Whole numbers keep no decimals. */
export function formatPercent(ratio: number | null | undefined, locale?: string): string {
  if (!finite(ratio)) return MISSING;
  const percent = ratio * 100;
  const digits = percent === 100 || percent === 0 ? 0 : Math.abs(percent) < 10 ? 2 : 1;
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: digits }).format(ratio);
}

export type ChangeTone = "good" | "bad" | "neutral";

export interface FormattedChange {
  /** "+12.5 %", "−3 %", or null when there is nothing to compare with. */
  text: string | null;
  /** Full sentence for assistive technology, e.g. "up 12.5 % from the previous period". */
  description: string;
  direction: "up" | "down" | "flat" | "none";
  tone: ChangeTone;
}

/**
 * A relative change from the summary endpoint (0.25 = +25 %; null when the previous period was
 * empty). `higherIsBetter` decides the colour: more requests is neutral-good, more latency is bad.
 */
export function formatChange(
  change: number | null | undefined,
  higherIsBetter: boolean | null,
  locale?: string,
): FormattedChange {
  if (!finite(change)) {
    return { text: null, description: "no data for the previous period", direction: "none", tone: "neutral" };
  }
  // Below 0.05 % the rounded number would read "+0 %", which looks like a bug.
  if (Math.abs(change) < 0.0005) {
    const zero = new Intl.NumberFormat(locale, { style: "percent" }).format(0);
    return {
      text: `±${zero}`,
      description: "unchanged from the previous period",
      direction: "flat",
      tone: "neutral",
    };
  }
  const direction = change > 0 ? "up" : "down";
  const magnitude = new Intl.NumberFormat(locale, {
    style: "percent",
    maximumFractionDigits: Math.abs(change) < 0.1 ? 1 : 0,
  }).format(Math.abs(change));
  const tone: ChangeTone =
    higherIsBetter === null ? "neutral" : change > 0 === higherIsBetter ? "good" : "bad";
  return {
    text: `${direction === "up" ? "+" : "−"}${magnitude}`,
    description: `${direction} ${magnitude} from the previous period`,
    direction,
    tone,
  };
}

export type Granularity = "minute" | "hour" | "day";

/**
 * A formatter for bucket starts on an axis: times of day for minute/hour buckets (with the date
 * when the range spans more than a day), dates for day buckets. Always in `timeZone`.
 */
export function bucketLabelFormatter(
  granularity: Granularity,
  spanMs: number,
  timeZone: string,
  locale?: string,
): (ms: number) => string {
  const options: Intl.DateTimeFormatOptions =
    granularity === "day"
      ? { month: "short", day: "numeric", timeZone }
      : spanMs > 86_400_000
        ? { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZone }
        : { hour: "2-digit", minute: "2-digit", timeZone };
  const format = new Intl.DateTimeFormat(locale, options);
  return (ms) => format.format(ms);
}

/** Full date and time for table cells and tooltips, with the zone's short name ("CET"). */
export function formatDateTime(value: string | number | Date, timeZone?: string, locale?: string): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return MISSING;
  return new Intl.DateTimeFormat(locale, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    timeZoneName: "short",
    ...(timeZone ? { timeZone } : {}),
  }).format(date);
}

/** Compact date and time for table rows ("Nov 27, 14:05:09"); the zone goes in the column header. */
export function formatTimestamp(value: string | number | Date, timeZone?: string, locale?: string): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return MISSING;
  return new Intl.DateTimeFormat(locale, {
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
    ...(timeZone ? { timeZone } : {}),
  }).format(date);
}

/** "3 minutes ago", "in 2 days": for last-used and expiry columns. */
export function formatRelative(value: string | number | Date, now = Date.now(), locale?: string): string {
  const ms = (value instanceof Date ? value : new Date(value)).getTime();
  if (Number.isNaN(ms)) return MISSING;
  const diff = ms - now;
  const abs = Math.abs(diff);
  const format = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  const steps: [Intl.RelativeTimeFormatUnit, number][] = [
    ["year", 31_536_000_000],
    ["month", 2_592_000_000],
    ["day", 86_400_000],
    ["hour", 3_600_000],
    ["minute", 60_000],
  ];
  for (const [unit, size] of steps) {
    if (abs >= size) return format.format(Math.round(diff / size), unit);
  }
  return format.format(Math.round(diff / 1000), "second");
}
