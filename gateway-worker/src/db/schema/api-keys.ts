import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { users } from "./auth.ts";
import { organizations } from "./organizations.ts";

/**
 * Consumer API keys. Only the SHA-256 of a key is stored (hex), plus a short display prefix;
 * the gateway looks keys up by hash. A rotated key points at its successor and stays valid
 * until `graceExpiresAt` (never beyond its own `expiresAt`).
 */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: text().primaryKey(),
    organizationId: text()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    name: text().notNull(),
    keyHash: text().notNull(),
    displayPrefix: text().notNull(),
    scopes: text().array().notNull().default(sql`'{}'::text[]`),
    rateLimitPerMinute: integer(),
    burstLimit: integer(),
    ipAllowlist: text().array().notNull().default(sql`'{}'::text[]`),
    expiresAt: timestamp({ withTimezone: true }),
    enabled: boolean().notNull().default(true),
    revokedAt: timestamp({ withTimezone: true }),
    rotatedToKeyId: text().references((): AnyPgColumn => apiKeys.id, { onDelete: "set null" }),
    graceExpiresAt: timestamp({ withTimezone: true }),
    lastUsedAt: timestamp({ withTimezone: true }),
    metadata: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdBy: text().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    // Every update bumps it: it is the version the gateway compares with its cached copy.
    updatedAt: timestamp({ withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (t) => [
    uniqueIndex().on(t.keyHash),
    // Names are unique among an organization's live keys: a revoked key's name can be reused.
    uniqueIndex().on(t.organizationId, t.name).where(sql`${t.revokedAt} is null`),
    index().on(t.organizationId, t.createdAt),
  ],
);

export type ApiKey = typeof apiKeys.$inferSelect;
export type InsertApiKey = typeof apiKeys.$inferInsert;

/** Org-scoped admin API tokens for CI and scripts (like Unkey's root keys). */
export const automationTokens = pgTable(
  "automation_tokens",
  {
    id: text().primaryKey(),
    organizationId: text()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    name: text().notNull(),
    tokenHash: text().notNull(),
    displayPrefix: text().notNull(),
    role: text().$type<"admin" | "developer" | "viewer">().notNull(),
    expiresAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    lastUsedAt: timestamp({ withTimezone: true }),
    createdBy: text().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.tokenHash), index().on(t.organizationId)],
);

export type AutomationToken = typeof automationTokens.$inferSelect;
export type InsertAutomationToken = typeof automationTokens.$inferInsert;
