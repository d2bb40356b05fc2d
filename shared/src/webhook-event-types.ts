// The webhook event types by name, apart from their catalog (webhook-events.ts: descriptions, zod
// schemas, examples), which must cover exactly these (checked by the compiler there). The admin
// SPA's URL parsing reads only the names, and its first load stays without the catalog.

export const WEBHOOK_EVENT_TYPES = [
  "api_key.created",
  "api_key.updated",
  "api_key.rotated",
  "api_key.revoked",
  "api_key.deleted",
  "api_key.expiring",
  "usage.quota_threshold",
  "automation_token.created",
  "automation_token.revoked",
  "member.added",
  "member.removed",
  "member.role_changed",
  "webhook_endpoint.disabled",
  "billing.subscription_updated",
  "billing.plan_changed",
  "billing.payment_failed",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
