import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { organizations } from "./organizations.ts";

/**
 * Standard Webhooks endpoints. The `whsec_` signing secret is stored encrypted (AES-GCM with a
 * key from a Worker secret) as `secretCiphertext`; it is decrypted only to sign a delivery.
 */
export const webhooks = pgTable(
  "webhooks",
  {
    id: text().primaryKey(),
    organizationId: text()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    url: text().notNull(),
    description: text().notNull().default(""),
    eventTypes: text().array().notNull(),
    secretCiphertext: text().notNull(),
    enabled: boolean().notNull().default(true),
    disabledReason: text(),
    consecutiveFailures: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.organizationId)],
);

export type Webhook = typeof webhooks.$inferSelect;
export type InsertWebhook = typeof webhooks.$inferInsert;

export const WEBHOOK_DELIVERY_STATUSES = ["pending", "succeeded", "failed", "exhausted"] as const;

export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: text().primaryKey(),
    webhookId: text()
      .notNull()
      .references(() => webhooks.id, { onDelete: "cascade" }),
    organizationId: text()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    eventId: text().notNull(),
    eventType: text().notNull(),
    payload: jsonb().notNull(),
    status: text().$type<(typeof WEBHOOK_DELIVERY_STATUSES)[number]>().notNull().default("pending"),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }),
    lastStatusCode: integer(),
    lastError: text(),
    lastDurationMs: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex().on(t.webhookId, t.eventId),
    index().on(t.organizationId, t.createdAt),
    index().on(t.status, t.nextAttemptAt),
  ],
);

export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
export type InsertWebhookDelivery = typeof webhookDeliveries.$inferInsert;
