// The platform's own tables, above every organization: who operates it and what operators did.
// Operators come from OPERATOR_EMAILS (config) or a grant here by another operator; organization
// roles never make anyone an operator (src/auth/operators.ts).
import { sql } from "drizzle-orm";
import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth.ts";

/** A grant of the operator role. Revoking sets `revokedAt`; the row stays as history. */
export const platformOperators = pgTable(
  "platform_operators",
  {
    id: uuid().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The granting operator's user id (no foreign key: the grant outlives its grantor's account). */
    grantedBy: text().notNull(),
    grantedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp({ withTimezone: true }),
    revokedBy: text(),
  },
  (t) => [uniqueIndex("platform_operators_live_user").on(t.userId).where(sql`${t.revokedAt} is null`)],
);

export type PlatformOperator = typeof platformOperators.$inferSelect;
export type InsertPlatformOperator = typeof platformOperators.$inferInsert;

/**
 * One row per operator action, written in the action's transaction. The target organization has
 * no foreign key: the history must survive the organization. `before`/`after` never hold secrets.
 */
export const platformAuditLogs = pgTable(
  "platform_audit_logs",
  {
    id: uuid().primaryKey(),
    actorUserId: text().notNull(),
    actorEmail: text().notNull(),
    action: text().notNull(),
    organizationId: text(),
    targetType: text().notNull(),
    targetId: text(),
    before: jsonb().$type<Record<string, unknown>>(),
    after: jsonb().$type<Record<string, unknown>>(),
    requestId: text(),
    ipAddress: text(),
    userAgent: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.organizationId, t.id), index().on(t.action, t.id), index().on(t.actorUserId, t.id)],
);

export type PlatformAuditLog = typeof platformAuditLogs.$inferSelect;
export type InsertPlatformAuditLog = typeof platformAuditLogs.$inferInsert;
