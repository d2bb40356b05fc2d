// What the organization audit log and the platform audit log share: the action/actor/time
// filters and the newest-first keyset page over UUIDv7 ids (the same scheme on both tables).
import { z } from "@hono/zod-openapi";
import { and, desc, eq, gte, lt, type SQL, sql } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Services } from "../context.ts";
import { cursorQuery, decodeCursor, encodeCursor, limitQuery, timestampInput } from "./schemas.ts";

/**
 * The query string of an audit list: the list's `own` filters, then action (exact or a prefix
 * ending in "."), actor, time range and page.
 */
export function auditLogQuery<S extends z.ZodRawShape>(
  own: S,
  { actionExample, actorDescription }: { actionExample: string; actorDescription?: string },
) {
  const actorId = z.string().max(128).optional();
  return z
    .object({
      action: z
        .string()
        .max(64)
        .optional()
        .openapi({ description: `Exact action, or a prefix ending in "." (e.g. "${actionExample}")` }),
      ...own,
      actorId: actorDescription ? actorId.openapi({ description: actorDescription }) : actorId,
      from: timestampInput.optional(),
      to: timestampInput.optional(),
      limit: limitQuery,
      cursor: cursorQuery,
    })
    .strict()
    .refine(endsAfterStart, {
      message: "must be after from",
      path: ["to"],
    });
}

/** `to` after `from` when both are given (typed loosely: the query's shape depends on `own`). */
function endsAfterStart(query: { from?: unknown; to?: unknown }): boolean {
  const { from, to } = query;
  return typeof from !== "string" || typeof to !== "string" || Date.parse(to) > Date.parse(from);
}

type AuditTable = PgTable & { id: PgColumn; action: PgColumn; createdAt: PgColumn };

interface AuditQuery {
  action?: string | undefined;
  actorId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

/**
 * One page of `table`, newest first: `conditions` (the caller's own filters) plus the shared
 * ones; an action ending in "." matches every action with that prefix.
 */
export async function auditLogPage<T extends AuditTable, V>(
  db: Services["database"]["db"],
  table: T,
  actorColumn: PgColumn,
  query: AuditQuery,
  conditions: (SQL | undefined)[],
  view: (row: T["$inferSelect"]) => V,
): Promise<{ data: V[]; nextCursor: string | null }> {
  const where = [...conditions];
  if (query.action) {
    where.push(
      query.action.endsWith(".")
        ? sql`starts_with(${table.action}, ${query.action})`
        : eq(table.action, query.action),
    );
  }
  if (query.actorId) where.push(eq(actorColumn, query.actorId));
  if (query.from) where.push(gte(table.createdAt, new Date(query.from)));
  if (query.to) where.push(lt(table.createdAt, new Date(query.to)));
  if (query.cursor) {
    // Ids are UUIDv7 (time-ordered), so the id alone is a stable keyset.
    const [id] = decodeCursor(query.cursor, z.tuple([z.uuid()]));
    where.push(lt(table.id, id));
  }
  const rows = (await db
    .select()
    .from(table as PgTable)
    .where(and(...where))
    .orderBy(desc(table.id))
    .limit(query.limit + 1)) as T["$inferSelect"][];
  const page = rows.slice(0, query.limit);
  const last = page.at(-1) as { id: string } | undefined;
  return {
    data: page.map(view),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.id]) : null,
  };
}
