// Schemas and helpers shared by the admin routes: the error envelope and the error responses
// each route documents, security requirements, cursor pagination (src/cursor.ts), unique-violation mapping.
import { ERROR_CODES } from "@edgegate/shared/errors";
import { decimalIntOr, instantString, pgText } from "@edgegate/shared/input";
import { z } from "@hono/zod-openapi";

export { decodeCursor, encodeCursor } from "../cursor.ts";

export const errorEnvelopeSchema = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(ERROR_CODES) as [keyof typeof ERROR_CODES, ...(keyof typeof ERROR_CODES)[]]),
      message: z.string(),
      requestId: z.string(),
      docs: z.string().url(),
      fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  })
  .openapi("Error");

const errorDescriptions = {
  400: "Validation failed (each failing field is listed in `error.fields`)",
  401: "Not signed in, or the automation token is invalid",
  403: "The caller's role lacks the permission, or a cross-origin state-changing request",
  404: "Not found (also for another organization's ids)",
  409: "Conflicts with the current state (duplicate name, already revoked, …)",
  413: "The request body is too large",
  415: "The request body is not application/json",
  503: "Billing is unavailable: Stripe could not be reached, or billing is not configured (see `Retry-After`)",
} as const;

type ErrorStatus = keyof typeof errorDescriptions;

export function errorResponses<const S extends ErrorStatus>(...statuses: S[]) {
  const out = {} as Record<
    S,
    { description: string; content: { "application/json": { schema: typeof errorEnvelopeSchema } } }
  >;
  for (const status of statuses) {
    out[status] = {
      description: errorDescriptions[status],
      content: { "application/json": { schema: errorEnvelopeSchema } },
    };
  }
  return out;
}

/** Responses every authenticated route can return. */
export const authErrors = errorResponses(401, 403);
export const mutationErrors = errorResponses(400, 401, 403, 413, 415);

export const adminSecurity: Array<Record<string, string[]>> = [
  { sessionCookie: [] },
  { automationToken: [] },
];

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { "application/json": { schema } },
});

/** `{id}` in a path: the one declaration for every route's id (NUL would fail in Postgres). */
export const idParam = (name: string, example: string) =>
  z.object({
    id: pgText()
      .pipe(z.string().min(1).max(128))
      .openapi({ param: { name: "id", in: "path" }, example, description: name }),
  });

/** The 200 response of a keyset-paginated list: `{ data, nextCursor }`, named `name` in OpenAPI. */
export function pageResponse<T extends z.ZodType>(item: T, name: string, description: string) {
  return {
    description,
    content: {
      "application/json": {
        schema: z.object({ data: z.array(item), nextCursor: z.string().nullable() }).openapi(name),
      },
    },
  };
}

/** A page size in decimal digits (`0x10`, `1e2` are refused). */
export const limitQuery = decimalIntOr(1, 100, 25);
export const cursorQuery = z
  .string()
  .max(512)
  .optional()
  .openapi({ description: "Opaque cursor from `nextCursor`" });

/** Postgres unique_violation, through drizzle's and the Neon driver's wrappers. */
export function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === "23505") return true;
  }
  return false;
}

/** Escapes LIKE wildcards so a search string matches literally. */
export function likeEscape(value: string): string {
  return value.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

/** A date-time the API returns. */
export const timestamp = z
  .string()
  .datetime({ offset: true })
  .openapi({ example: "2026-11-27T12:00:00.000Z" });
/** A date-time the API accepts: a real ISO 8601 instant within the platform's range. */
export const timestampInput = instantString().openapi({ example: "2026-11-27T12:00:00.000Z" });
export const iso = (date: Date | null) => (date ? date.toISOString() : null);
