// Webhooks: customers' endpoints, the transactional outbox of events, one delivery per
// (event, endpoint) and every attempt of a delivery. See services/webhooks/ for the flow:
// audit entry point → outbox → dispatcher/sweep → queue → consumer → attempts.
import { sql } from "drizzle-orm";
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { auditLogs } from "./audit.ts";
import { organizations } from "./organizations.ts";

/**
 * Standard Webhooks endpoints. Signing secrets (`whsec_…`) are stored AES-GCM encrypted; the
 * ciphertext names the encryption key version it was sealed with (`k<version>:…`), so the
 * encryption key can be rotated. After a secret rotation the previous secret keeps signing
 * (a second signature) until `previousSecretExpiresAt`.
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
    /** Event types delivered to this endpoint; empty = every type. */
    eventTypes: text().array().notNull(),
    secretCiphertext: text().notNull(),
    previousSecretCiphertext: text(),
    previousSecretExpiresAt: timestamp({ withTimezone: true }),
    /** Deliveries per second at most; null = no cap. */
    rateLimitPerSecond: integer(),
    enabled: boolean().notNull().default(true),
    disabledReason: text(),
    disabledAt: timestamp({ withTimezone: true }),
    consecutiveFailures: integer().notNull().default(0),
    /** First failed attempt since the last success; auto-disable counts from here. */
    failingSince: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.organizationId)],
);

export type Webhook = typeof webhooks.$inferSelect;
export type InsertWebhook = typeof webhooks.$inferInsert;

/**
 * The outbox: one row per event, written in the same transaction as the change it describes
 * (services/audit.ts). `payload` is the exact JSON body every endpoint receives. The dispatcher
 * fans an event out to deliveries and sets `dispatchedAt`; the cron sweep picks up rows it left.
 */
export const webhookEvents = pgTable(
  "webhook_events",
  {
    id: text().primaryKey(),
    organizationId: text()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    type: text().notNull(),
    payload: jsonb().$type<{ type: string; timestamp: string; data: Record<string, unknown> }>().notNull(),
    /** The audit entry of the change that caused the event (null for test events). */
    auditLogId: uuid().references(() => auditLogs.id, { onDelete: "set null" }),
    /** What caused it: `request:<admin request id>`, `job:<name>` or `test`. */
    cause: text().notNull(),
    /** Notices emitted once per fact (a key's expiry warning, a quota threshold in a month). */
    dedupeKey: text(),
    /** Test events go to one endpoint only. */
    webhookId: text().references(() => webhooks.id, { onDelete: "cascade" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    dispatchedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index().on(t.organizationId, t.createdAt),
    index().on(t.auditLogId),
    uniqueIndex().on(t.dedupeKey),
    index("webhook_events_undispatched_index").on(t.createdAt).where(sql`${t.dispatchedAt} is null`),
  ],
);

export type WebhookEvent = typeof webhookEvents.$inferSelect;
export type InsertWebhookEvent = typeof webhookEvents.$inferInsert;

export const WEBHOOK_DELIVERY_STATUSES = ["pending", "succeeded", "failed"] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/**
 * One event to one endpoint. Its id is the queue message body and the idempotency key: a
 * redelivered message finds the delivery claimed or finished and sends nothing. `lastStatusCode`
 * and `lastError` copy the latest attempt so the log lists without reading attempts.
 */
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
    eventId: text()
      .notNull()
      .references(() => webhookEvents.id, { onDelete: "cascade" }),
    eventType: text().notNull(),
    status: text().$type<WebhookDeliveryStatus>().notNull().default("pending"),
    attempts: integer().notNull().default(0),
    /** Position in the retry schedule of the current run (a replay starts a new run at 0). */
    scheduleStep: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** A consumer holds the delivery until then (a duplicate message sends nothing meanwhile). */
    lockedUntil: timestamp({ withTimezone: true }),
    lastStatusCode: integer(),
    lastError: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex().on(t.webhookId, t.eventId),
    index().on(t.organizationId, t.createdAt),
    index().on(t.webhookId, t.createdAt),
    index().on(t.eventId),
    index().on(t.status, t.nextAttemptAt),
  ],
);

export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
export type InsertWebhookDelivery = typeof webhookDeliveries.$inferInsert;

export const WEBHOOK_ERROR_CLASSES = ["timeout", "connect", "tls", "non_2xx", "redirect", "blocked"] as const;
export type WebhookErrorClass = (typeof WEBHOOK_ERROR_CLASSES)[number];

/** Every HTTP attempt of a delivery, successful or not. */
export const webhookAttempts = pgTable(
  "webhook_attempts",
  {
    id: uuid().primaryKey(),
    deliveryId: text()
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: "cascade" }),
    attemptNumber: integer().notNull(),
    startedAt: timestamp({ withTimezone: true }).notNull(),
    durationMs: integer().notNull(),
    statusCode: integer(),
    errorClass: text().$type<WebhookErrorClass>(),
    errorMessage: text(),
    requestHeaders: jsonb().$type<Record<string, string>>().notNull(),
    responseHeaders: jsonb().$type<Record<string, string>>(),
    /** The first 1 KB of the response body. */
    responseBody: text(),
  },
  (t) => [uniqueIndex().on(t.deliveryId, t.attemptNumber)],
);

export type WebhookAttempt = typeof webhookAttempts.$inferSelect;
export type InsertWebhookAttempt = typeof webhookAttempts.$inferInsert;
