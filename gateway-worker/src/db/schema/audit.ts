import { index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organizations } from "./organizations.ts";

/** One row per mutating admin action. `before`/`after` are summaries that never hold secrets. */
export const auditLogs = pgTable(
  "audit_logs",
  {
    id: uuid().primaryKey(),
    organizationId: text()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    actorType: text().$type<"user" | "token" | "system">().notNull(),
    actorId: text(),
    actorLabel: text(),
    action: text().notNull(),
    targetType: text().notNull(),
    targetId: text(),
    ipAddress: text(),
    userAgent: text(),
    before: jsonb().$type<Record<string, unknown>>(),
    after: jsonb().$type<Record<string, unknown>>(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.organizationId, t.createdAt), index().on(t.organizationId, t.action)],
);

export type AuditLog = typeof auditLogs.$inferSelect;
export type InsertAuditLog = typeof auditLogs.$inferInsert;
