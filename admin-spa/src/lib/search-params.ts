// Field schemas for URL search params, shared by the analytics, logs, audit and webhooks pages. A search
// string is user input (typed, pasted, shared, edited): every field is optional and falls back
// to `undefined` (= the page's default) when it is invalid, so a bad link never crashes a page.
// TanStack Router parses values as JSON first, so `?status=404` arrives as the number 404 and
// `?keyId=["a"]` as an array: text fields accept strings and finite numbers only.
import { z } from "zod";

/** A trimmed, non-empty string of at most `max` characters matching `pattern`, else undefined. */
export function textParam(max: number, pattern?: RegExp) {
  let text = z.string().trim().min(1).max(max);
  if (pattern) text = text.regex(pattern);
  return z
    .union([z.string(), z.number().refine(Number.isFinite).transform(String)])
    .pipe(text)
    .optional()
    .catch(undefined);
}

/** One of `values`, else undefined. */
export function enumParam<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values).optional().catch(undefined);
}

const MIN_INSTANT = Date.UTC(2000, 0, 1);
const MAX_INSTANT = Date.UTC(2200, 0, 1);

/**
 * An ISO 8601 instant with a zone ("2026-11-27T13:00:00Z", "…+01:00"), normalized to UTC
 * ("2026-11-27T12:00:00.000Z") so one instant has one URL. Out-of-range years are refused.
 */
export const instantParam = z
  .string()
  .max(40)
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/)
  .transform((value, ctx) => {
    const ms = Date.parse(value);
    if (Number.isNaN(ms) || ms < MIN_INSTANT || ms > MAX_INSTANT) {
      ctx.addIssue({ code: "custom", message: "not a valid instant" });
      return z.NEVER;
    }
    return new Date(ms).toISOString();
  })
  .optional()
  .catch(undefined);

/** A key id as the API hands them out (key_…, or any id up to the API's 64 characters). */
export const keyIdParam = textParam(64, /^[A-Za-z0-9_-]+$/);

/**
 * An opaque keyset cursor as the API hands it out (base64url, at most the API's 512 characters:
 * a cursor holding a long key name in a non-Latin script passes 200).
 */
export const cursorParam = textParam(512, /^[A-Za-z0-9_-]+$/);

/** Newer pages remembered for "Newer"; past this the oldest are forgotten ("Newer" then starts over). */
export const MAX_PREVIOUS_CURSORS = 50;

/**
 * The cursors of the newer pages before the current one (not the first page, which has none),
 * so "Newer" can step back through keyset pages, in a shared link too.
 */
export const prevCursorsParam = z
  .array(
    z
      .string()
      .max(512)
      .regex(/^[A-Za-z0-9_-]+$/),
  )
  .max(200)
  .transform((cursors) => (cursors.length > 0 ? cursors.slice(-MAX_PREVIOUS_CURSORS) : undefined))
  .optional()
  .catch(undefined);

interface Paged {
  cursor?: string | undefined;
  prev?: string[] | undefined;
}

/** The search for the next (older) page: remember where we are so "Newer" can come back. */
export function olderPage<S extends Paged>(search: S, nextCursor: string): S {
  const prev = search.cursor
    ? [...(search.prev ?? []), search.cursor].slice(-MAX_PREVIOUS_CURSORS)
    : undefined;
  return compact({ ...search, cursor: nextCursor, prev });
}

/** The search for the previous (newer) page; from the second page that is the first page. */
export function newerPage<S extends Paged>(search: S): S {
  const prev = [...(search.prev ?? [])];
  const cursor = prev.pop();
  return compact({ ...search, cursor, prev: prev.length > 0 ? prev : undefined });
}

/** The first page with the same filters. */
export function newestPage<S extends Paged>(search: S): S {
  return compact({ ...search, cursor: undefined, prev: undefined });
}

/**
 * What a route's `validateSearch` returns: every field the page knows, `undefined` where the
 * URL's value was dropped. TanStack Router merges the raw search with this result, so a field
 * simply left out would come back with its raw, invalid value (and reach the API).
 */
export function searchResult<T extends object>(fields: object, search: T): T {
  const dropped = Object.fromEntries(Object.keys(fields).map((name) => [name, undefined]));
  return { ...dropped, ...compact(search) } as T;
}

/** Drop undefined members so equal searches compare (and serialise) equal. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as T;
}

/**
 * `<input type="datetime-local">` works in the browser's local time without a zone. These two
 * convert between its value ("2026-11-27T14:05") and a UTC instant for the URL.
 */
export function fromDateTimeLocal(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export function toDateTimeLocal(iso: string | undefined): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * A filter form's time range ("From" / "To" as `datetime-local` values): each as a UTC instant,
 * and what is wrong with them, field by field (nothing when both are empty or valid and in order).
 */
export function timeRangeOf(draft: { from: string; to: string }): {
  from: string | undefined;
  to: string | undefined;
  errors: { from?: string; to?: string };
} {
  const from = draft.from ? fromDateTimeLocal(draft.from) : undefined;
  const to = draft.to ? fromDateTimeLocal(draft.to) : undefined;
  const errors: { from?: string; to?: string } = {};
  if (draft.from && !from) errors.from = "Enter a valid date and time.";
  if (draft.to && !to) errors.to = "Enter a valid date and time.";
  if (from && to && Date.parse(to) <= Date.parse(from)) errors.to = "The end must be after the start.";
  return { from, to, errors };
}

/**
 * The router hands a parsed search object; anything else (an array, a string) reads as empty.
 * Only own properties are copied, so nothing is read from a prototype.
 */
export function asSearchObject(input: unknown): Record<string, unknown> {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return {};
  return Object.fromEntries(Object.entries(input));
}
