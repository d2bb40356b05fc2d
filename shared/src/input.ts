// Rules for scalar input that every admin endpoint shares, stated once: text Postgres can store,
// instants Postgres and ISO 8601 can both represent, and integers written the way the docs say.
// Each is a zod schema so a failure names its field through the one validation hook.
import { z } from "zod";

/** Postgres `text` cannot hold NUL; such a value would fail in the database (a 500), not here. */
export const hasNoNul = (value: string) => !value.includes("\u0000");
export const NO_NUL_MESSAGE = "must not contain NUL characters";

/** A string Postgres can store: no NUL. */
export const pgText = () => z.string().refine(hasNoNul, NO_NUL_MESSAGE);

/**
 * Earliest and latest instant accepted anywhere: 1970 to the end of year 9999. Postgres holds a
 * wider range, but ISO 8601 with four-digit years (what the API returns) does not, and earlier
 * or later times cannot name real requests, keys or audit entries.
 */
export const MIN_INSTANT_MS = Date.UTC(1970, 0, 1);
export const MAX_INSTANT_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
export const isInstantMs = (ms: number) =>
  Number.isSafeInteger(ms) && ms >= MIN_INSTANT_MS && ms <= MAX_INSTANT_MS;

const INSTANT_MESSAGE = "must be an ISO 8601 date-time with a time zone, e.g. 2026-11-27T12:00:00Z";

/**
 * An ISO 8601 date-time with `Z` or an offset, a real calendar date (no 2026-02-30) and
 * within [MIN_INSTANT_MS, MAX_INSTANT_MS]. Partial forms (`2026`, `1`) are refused rather than
 * guessed at, as `new Date("1")` would (year 2001).
 */
export const instantString = () =>
  z.iso
    // `abort`: a range check on the enclosing object (to after from) must not see a bad value.
    .datetime({ offset: true, error: INSTANT_MESSAGE, abort: true })
    .refine((value) => isInstantMs(Date.parse(value)), {
      message: "must be between 1970-01-01 and 9999-12-31",
      abort: true,
    });

/** `instantString` as a Date. */
export const instant = () => instantString().transform((value) => new Date(value));

const decimalDigits = (min: number, max: number) =>
  z.preprocess(
    // Callers inside the Worker pass numbers; query strings arrive as text.
    (value) => (typeof value === "number" ? String(value) : value),
    z
      .string()
      .regex(/^-?\d{1,16}$/, { message: "must be a whole number in decimal digits", abort: true })
      .transform(Number)
      .pipe(z.number().int().min(min).max(max)),
  );

/**
 * An integer query parameter written in decimal digits only: `Number()` would read `0x10` as
 * 16, `1e2` as 100 and ` 5` as 5. Documented in OpenAPI as the integer it is (@hono/zod-openapi
 * reads zod's metadata).
 */
export const decimalInt = (min: number, max: number) =>
  decimalDigits(min, max).meta({ type: "integer", minimum: min, maximum: max });

/** `decimalInt` with a default. */
export const decimalIntOr = (min: number, max: number, fallback: number) =>
  decimalDigits(min, max)
    .default(fallback)
    .meta({ type: "integer", minimum: min, maximum: max, default: fallback });
