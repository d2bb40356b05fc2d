// GET /api/keys — search by name or prefix, filter by status, sort, keyset (cursor) pagination.

import { MAX_KEY_NAME } from "@edgegate/shared/api-key-limits";
import { instantString, pgText } from "@edgegate/shared/input";
import { KEY_STATUSES, type KeyStatus } from "@edgegate/shared/key-status";
import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { and, asc, desc, eq, gt, isNotNull, isNull, or, type SQL, sql } from "drizzle-orm";
import { callerOf } from "../../auth/caller.ts";
import { routePermission } from "../../auth/roles.ts";
import type { AppEnv } from "../../context.ts";
import { apiKeys } from "../../db/schema/api-keys.ts";
import {
  adminSecurity,
  authErrors,
  cursorQuery,
  decodeCursor,
  encodeCursor,
  errorResponses,
  likeEscape,
  limitQuery,
  pageResponse,
} from "../schemas.ts";
import { apiKeySchema, toApiKeyView } from "./shared.ts";

const SORTS = ["-createdAt", "createdAt", "name", "-name"] as const;

export const listKeysRoute = createRoute({
  method: "get",
  path: "/keys",
  tags: ["API keys"],
  summary: "List API keys",
  operationId: "listKeys",
  security: adminSecurity,
  ...routePermission("keys:read"),
  request: {
    query: z
      .object({
        q: z
          .string()
          .max(100)
          .optional()
          .openapi({ description: "Case-insensitive name match, or key prefix" }),
        status: z.enum(KEY_STATUSES).optional(),
        sort: z.enum(SORTS).default("-createdAt"),
        limit: limitQuery,
        cursor: cursorQuery,
      })
      .strict(),
  },
  responses: {
    200: pageResponse(apiKeySchema, "ApiKeyPage", "A page of keys"),
    ...errorResponses(400),
    ...authErrors,
  },
});

const createdMs = sql`date_trunc('milliseconds', ${apiKeys.createdAt})`;

function statusCondition(status: KeyStatus): SQL | undefined {
  const now = sql`now()`;
  const live = and(isNull(apiKeys.revokedAt), eq(apiKeys.enabled, true));
  const notExpired = or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, now));
  switch (status) {
    case "revoked":
      return isNotNull(apiKeys.revokedAt);
    case "disabled":
      return and(isNull(apiKeys.revokedAt), eq(apiKeys.enabled, false));
    case "expired":
      return and(live, or(sql`${apiKeys.expiresAt} <= now()`, sql`${apiKeys.graceExpiresAt} <= now()`));
    case "rotating":
      return and(live, notExpired, gt(apiKeys.graceExpiresAt, now));
    case "active":
      return and(live, notExpired, isNull(apiKeys.graceExpiresAt));
  }
}

export const listKeysHandler: RouteHandler<typeof listKeysRoute, AppEnv> = async (c) => {
  const { organizationId } = callerOf(c);
  const query = c.req.valid("query");
  const conditions: (SQL | undefined)[] = [eq(apiKeys.organizationId, organizationId)];
  if (query.q) {
    const pattern = likeEscape(query.q);
    conditions.push(
      or(sql`${apiKeys.name} ilike ${`%${pattern}%`}`, sql`${apiKeys.displayPrefix} like ${`${pattern}%`}`),
    );
  }
  if (query.status) conditions.push(statusCondition(query.status));

  const byName = query.sort === "name" || query.sort === "-name";
  const descending = query.sort.startsWith("-");
  const sortColumn = byName ? sql`${apiKeys.name}` : createdMs;
  if (query.cursor) {
    const [value, id] = decodeCursor(
      query.cursor,
      z.tuple([
        byName ? pgText().pipe(z.string().max(MAX_KEY_NAME)) : instantString(),
        pgText().pipe(z.string().max(128)),
      ]),
    );
    const cursorValue = byName ? sql`${value}` : sql`${value}::timestamptz`;
    conditions.push(
      descending
        ? sql`(${sortColumn}, ${apiKeys.id}) < (${cursorValue}, ${id})`
        : sql`(${sortColumn}, ${apiKeys.id}) > (${cursorValue}, ${id})`,
    );
  }
  const order = descending ? [desc(sortColumn), desc(apiKeys.id)] : [asc(sortColumn), asc(apiKeys.id)];
  const rows = await c.var.services.database.db
    .select()
    .from(apiKeys)
    .where(and(...conditions))
    .orderBy(...order)
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > query.limit && last
      ? encodeCursor([byName ? last.name : last.createdAt.toISOString(), last.id])
      : null;
  return c.json({ data: page.map((key) => toApiKeyView(key)), nextCursor }, 200);
};
