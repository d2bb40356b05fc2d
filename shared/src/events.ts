// Messages on the Worker's queues. Consumers validate every message with these schemas (a queue
// may hold messages from an older or newer deployment); producers build them typed as the
// inferred types, so a producer that drifts from the schema fails to compile, without paying a
// parse per gateway request on the hot path.
import { z } from "zod";

/** Sent by the health check to prove the queue → consumer chain end to end. */
export const probeMessageSchema = z.object({
  type: z.literal("probe"),
  id: z.string().uuid(),
  sentAt: z.number().int(),
});
export type ProbeMessage = z.infer<typeof probeMessageSchema>;

export const PROBE_KV_PREFIX = "probe:";

export const RATE_LIMIT_OUTCOMES = [
  "allowed",
  "rate_limited",
  "burst_limited",
  "quota_exceeded",
  "skipped",
] as const;
export type RateLimitOutcome = (typeof RATE_LIMIT_OUTCOMES)[number];

/**
 * One gateway request, sent after the response body finished streaming. Never carries the key,
 * bodies or other secrets; every string is bounded so a message stays far below the 128 KB
 * queue limit. `id` is the edge-generated UUIDv7 (primary key in request_logs).
 */
export const requestEventSchema = z.object({
  type: z.literal("request"),
  id: z.string().uuid(),
  timestamp: z.number().int().positive(),
  organizationId: z.string().min(1).max(64).nullable(),
  apiKeyId: z.string().min(1).max(64).nullable(),
  method: z.string().min(1).max(16),
  path: z.string().min(1).max(512),
  status: z.number().int().min(100).max(599),
  latencyMs: z.number().int().min(0).max(3_600_000),
  upstreamTtfbMs: z.number().int().min(0).max(3_600_000).nullable(),
  requestBytes: z.number().int().min(0),
  responseBytes: z.number().int().min(0),
  clientIp: z.string().max(64).nullable(),
  country: z.string().max(8).nullable(),
  userAgent: z.string().max(512).nullable(),
  errorCode: z.string().max(64).nullable(),
  rateLimitOutcome: z.enum(RATE_LIMIT_OUTCOMES),
  failOpen: z.boolean(),
});
export type RequestEvent = z.infer<typeof requestEventSchema>;

export const queueMessageSchema = z.discriminatedUnion("type", [probeMessageSchema, requestEventSchema]);
export type QueueMessage = z.infer<typeof queueMessageSchema>;

/** The millisecond timestamp a UUIDv7 carries in its first 48 bits. */
export function uuidv7Timestamp(id: string): number {
  return Number.parseInt(id.replaceAll("-", "").slice(0, 12), 16);
}

/** A message on the `webhook-deliveries` queue: the delivery id is the idempotency key. */
export const webhookDeliveryMessageSchema = z.object({
  type: z.literal("webhook_delivery"),
  deliveryId: z.string().min(1).max(64),
});
export type WebhookDeliveryMessage = z.infer<typeof webhookDeliveryMessageSchema>;
