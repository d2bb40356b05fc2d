// The webhook event catalog, defined once: each event type's description, the zod schema of its
// `data` and an example. The Worker validates every payload against it before writing the
// outbox, the admin API publishes the schemas (OpenAPI 3.1 `webhooks`), the SPA lists the types.
import { z } from "zod";
import { KEY_STATUSES } from "./key-status.ts";
import type { WebhookEventType } from "./webhook-event-types.ts";

const timestamp = z.string().datetime({ offset: true });

/**
 * An API key as its webhook events carry it. The admin API's `ApiKey` schema extends this with
 * what only the console shows (last use, creator, timestamps), so the two cannot drift apart.
 */
export const apiKeyData = z.object({
  id: z.string(),
  name: z.string(),
  displayPrefix: z.string(),
  status: z.enum(KEY_STATUSES),
  scopes: z.array(z.string()),
  rateLimitPerMinute: z.number().int().nullable(),
  burstLimit: z.number().int().nullable(),
  ipAllowlist: z.array(z.string()),
  enabled: z.boolean(),
  expiresAt: timestamp.nullable(),
  revokedAt: timestamp.nullable(),
  graceExpiresAt: timestamp.nullable(),
  rotatedToKeyId: z.string().nullable(),
});

const automationTokenData = z.object({
  id: z.string(),
  name: z.string(),
  displayPrefix: z.string(),
  role: z.enum(["admin", "developer", "viewer"]),
  expiresAt: timestamp.nullable(),
  revokedAt: timestamp.nullable(),
  createdBy: z.string().nullable(),
});

const memberData = z.object({
  id: z.string(),
  userId: z.string().optional(),
  role: z.string(),
});

const exampleKey: z.infer<typeof apiKeyData> = {
  id: "key_0193c1d2-7a2b-7c3d-8e4f-5a6b7c8d9e0f",
  name: "Production backend",
  displayPrefix: "ak_3kT9xQ",
  status: "active",
  scopes: ["get:users"],
  rateLimitPerMinute: null,
  burstLimit: null,
  ipAllowlist: [],
  enabled: true,
  expiresAt: null,
  revokedAt: null,
  graceExpiresAt: null,
  rotatedToKeyId: null,
};

const exampleToken: z.infer<typeof automationTokenData> = {
  id: "tok_0193c1d2-7a2b-7c3d-8e4f-5a6b7c8d9e0f",
  name: "CI deploys",
  displayPrefix: "egt_a8Kq2Z",
  role: "developer",
  expiresAt: null,
  revokedAt: null,
  createdBy: null,
};

const subscriptionData = z.object({
  plan: z.string(),
  status: z.string(),
  stripeSubscriptionId: z.string(),
  currentPeriodEnd: timestamp.nullable(),
  cancelAtPeriodEnd: z.boolean(),
});

const exampleSubscription: z.infer<typeof subscriptionData> = {
  plan: "PRO",
  status: "active",
  stripeSubscriptionId: "sub_1QxYz2AbCdEf",
  currentPeriodEnd: "2027-01-01T00:00:00.000Z",
  cancelAtPeriodEnd: false,
};

interface EventDefinition<T extends z.ZodType> {
  description: string;
  data: T;
  example: z.infer<T>;
}

const define = <T extends z.ZodType>(definition: EventDefinition<T>) => definition;

export const WEBHOOK_EVENTS = {
  "api_key.created": define({
    description: "An API key was created.",
    data: apiKeyData,
    example: exampleKey,
  }),
  "api_key.updated": define({
    description: "An API key's settings changed (name, scopes, limits, allowlist, expiry, enabled).",
    data: apiKeyData,
    example: { ...exampleKey, scopes: ["get:users", "post:orders"] },
  }),
  "api_key.rotated": define({
    description:
      "An API key was rotated: `data` is the old key (valid until `graceExpiresAt`), `successor` the new one.",
    data: apiKeyData.extend({ successor: apiKeyData, gracePeriodSeconds: z.number().int() }),
    example: {
      ...exampleKey,
      status: "rotating",
      graceExpiresAt: "2026-12-01T12:00:00.000Z",
      rotatedToKeyId: "key_0193c1d3-0000-7000-8000-000000000001",
      successor: { ...exampleKey, id: "key_0193c1d3-0000-7000-8000-000000000001" },
      gracePeriodSeconds: 3600,
    },
  }),
  "api_key.revoked": define({
    description: "An API key was revoked; the gateway refuses it from its next request.",
    data: apiKeyData,
    example: { ...exampleKey, status: "revoked", revokedAt: "2026-12-01T12:00:00.000Z" },
  }),
  "api_key.deleted": define({
    description: "An API key was deleted (its last state before deletion).",
    data: apiKeyData,
    example: exampleKey,
  }),
  "api_key.expiring": define({
    description:
      "An API key expires soon: sent 7 days and 1 day before `expiresAt` (once each; only the nearer one for a key created closer to its expiry).",
    data: apiKeyData.extend({ daysBefore: z.union([z.literal(7), z.literal(1)]) }),
    example: { ...exampleKey, expiresAt: "2026-12-08T12:00:00.000Z", daysBefore: 7 },
  }),
  "usage.quota_threshold": define({
    description:
      "The organization's requests this month crossed 80 % or 100 % of its plan's monthly quota (once per month and threshold).",
    data: z.object({
      period: z.string().regex(/^\d{4}-\d{2}$/),
      thresholdPercent: z.union([z.literal(80), z.literal(100)]),
      requestCount: z.number().int(),
      monthlyQuota: z.number().int(),
      plan: z.string(),
    }),
    example: {
      period: "2026-12",
      thresholdPercent: 80,
      requestCount: 800_000,
      monthlyQuota: 1_000_000,
      plan: "PRO",
    },
  }),
  "automation_token.created": define({
    description: "An automation token was created.",
    data: automationTokenData,
    example: exampleToken,
  }),
  "automation_token.revoked": define({
    description: "An automation token was revoked.",
    data: automationTokenData,
    example: { ...exampleToken, revokedAt: "2026-12-01T12:00:00.000Z" },
  }),
  "member.added": define({
    description: "A user joined the organization.",
    data: memberData,
    example: { id: "mem_1", userId: "usr_1", role: "developer" },
  }),
  "member.removed": define({
    description: "A member left or was removed from the organization.",
    data: memberData,
    example: { id: "mem_1", userId: "usr_1", role: "developer" },
  }),
  "member.role_changed": define({
    description: "A member's role changed.",
    data: memberData.extend({ previousRole: z.string() }),
    example: { id: "mem_1", role: "admin", previousRole: "developer" },
  }),
  "webhook_endpoint.disabled": define({
    description:
      "A webhook endpoint of the organization was disabled after failing for days (sent to its other endpoints).",
    data: z.object({ id: z.string(), url: z.string(), reason: z.string(), disabledAt: timestamp }),
    example: {
      id: "whe_1",
      url: "https://hooks.example.com/edgegate",
      reason: "No successful delivery for 5 days",
      disabledAt: "2026-12-01T12:00:00.000Z",
    },
  }),
  "billing.subscription_updated": define({
    description:
      "The organization's Stripe subscription changed (created, renewed, set to cancel, past due, ended), as Stripe now describes it.",
    data: subscriptionData,
    example: exampleSubscription,
  }),
  "billing.plan_changed": define({
    description:
      "The organization's plan changed through billing (an upgrade, a downgrade at period end, or FREE when the subscription ended); the gateway enforces it from the next request.",
    data: z.object({ plan: z.string(), previousPlan: z.string(), reason: z.string() }),
    example: { plan: "PRO", previousPlan: "STARTER", reason: "subscription_updated" },
  }),
  "billing.payment_failed": define({
    description:
      "A subscription payment failed. The organization keeps its plan (past due) while Stripe retries; it falls back to FREE if the subscription ends.",
    data: z.object({
      invoiceId: z.string(),
      amountDue: z.number().int(),
      currency: z.string(),
      attemptCount: z.number().int(),
      hostedInvoiceUrl: z.string().nullable(),
    }),
    example: {
      invoiceId: "in_1QxYz2AbCdEf",
      amountDue: 19_900,
      currency: "usd",
      attemptCount: 1,
      hostedInvoiceUrl: "https://invoice.stripe.com/i/acct_1/test_1",
    },
  }),
} as const satisfies Record<WebhookEventType, EventDefinition<z.ZodType>>;

export function isWebhookEventType(value: string): value is WebhookEventType {
  return Object.hasOwn(WEBHOOK_EVENTS, value);
}

/** The body every endpoint receives (Standard Webhooks' recommended envelope). */
export interface WebhookPayload {
  type: WebhookEventType;
  timestamp: string;
  data: Record<string, unknown>;
}

/** Headers of a delivery; a receiver verifies `webhook-signature` over `id.timestamp.body`. */
export const WEBHOOK_HEADERS = ["webhook-id", "webhook-timestamp", "webhook-signature"] as const;

export { DEFAULT_RETRY_SCHEDULE_SECONDS } from "./webhook-schedule.ts";

/** An endpoint with no successful delivery for this long while deliveries keep failing is disabled. */
export const AUTO_DISABLE_AFTER_MS = 5 * 24 * 3600 * 1000;

/** After a secret rotation, deliveries carry a signature with the previous secret this long. */
export const SECRET_ROTATION_OVERLAP_MS = 24 * 3600 * 1000;

export const MAX_WEBHOOK_URL_LENGTH = 2_048;
export const MAX_WEBHOOK_ENDPOINTS = 50;
export const MAX_WEBHOOK_DESCRIPTION = 200;
export const MAX_WEBHOOK_RATE_PER_SECOND = 1_000;
