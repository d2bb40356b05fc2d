// The request-logs consumer: validates every message, then stores the whole batch — raw rows,
// minute rollups, monthly usage, keys' last use — in one transaction (store-request-events.ts),
// counting only events not stored before, so at-least-once delivery never double counts.
// Malformed messages, and events outside the accepted time window, are acknowledged and kept
// in dead_letter_events for inspection instead of poisoning their batch. A database failure
// retries the batch with exponential backoff; after max_retries it reaches request-logs-dlq.
import {
  PROBE_KV_PREFIX,
  queueMessageSchema,
  type RequestEvent,
  uuidv7Timestamp,
} from "@edgegate/shared/events";
import type { Services } from "../context.ts";
import type { InsertDeadLetterEvent } from "../db/schema/dead-letters.ts";
import type { InsertRequestLog } from "../db/schema/request-logs.ts";
import { emitQuotaThresholds } from "./quota-thresholds.ts";
import { type PendingEvent, storeRequestEvents } from "./store-request-events.ts";

const MAX_STORED_BODY_CHARS = 8_192;
const DAY_MS = 86_400_000;
/** Clock skew tolerated for events stamped in the future (an edge clock, or a forged id). */
export const MAX_FUTURE_SKEW_MS = DAY_MS;

export function toRow(event: RequestEvent & { organizationId: string }): InsertRequestLog {
  return {
    id: event.id,
    // The time inside the UUIDv7: a redelivered event maps to the same (created_at, id) key.
    createdAt: new Date(uuidv7Timestamp(event.id)),
    organizationId: event.organizationId,
    apiKeyId: event.apiKeyId,
    method: event.method,
    path: event.path,
    status: event.status,
    latencyMs: event.latencyMs,
    upstreamTtfbMs: event.upstreamTtfbMs,
    requestBytes: event.requestBytes,
    responseBytes: event.responseBytes,
    clientIp: event.clientIp,
    country: event.country,
    userAgent: event.userAgent,
    errorCode: event.errorCode,
    rateLimitOutcome: event.rateLimitOutcome,
    failOpen: event.failOpen,
  };
}

/**
 * Why an event's time (its UUIDv7's) cannot be stored, or null. Older than raw-log retention:
 * its partition is already dropped (and rollups for it were closed). More than a day ahead:
 * a broken clock or a forged id, which would otherwise create partitions far in the future.
 */
export function timeWindowProblem(createdAt: Date, now: number, retentionDays: number): string | null {
  const t = createdAt.getTime();
  if (!Number.isFinite(t)) return "id: not a UUIDv7 (no timestamp)";
  const oldestDay = Math.floor(now / DAY_MS) * DAY_MS - retentionDays * DAY_MS;
  if (t < oldestDay)
    return `id: timestamp ${createdAt.toISOString()} is older than the ${retentionDays}-day retention`;
  if (t > now + MAX_FUTURE_SKEW_MS)
    return `id: timestamp ${createdAt.toISOString()} is more than a day in the future`;
  return null;
}

function preview(body: unknown): unknown {
  try {
    const text = JSON.stringify(body) ?? "null";
    return text.length <= MAX_STORED_BODY_CHARS ? body : { truncated: text.slice(0, MAX_STORED_BODY_CHARS) };
  } catch {
    return { unserializable: String(body).slice(0, MAX_STORED_BODY_CHARS) };
  }
}

function malformed(queue: string, message: Message<unknown>, reason: string): InsertDeadLetterEvent {
  return {
    queue,
    kind: "malformed",
    messageId: message.id,
    body: preview(message.body),
    reason: reason.slice(0, 1_000),
    attempts: message.attempts,
  };
}

export async function consumeRequestLogs(batch: MessageBatch<unknown>, services: Services): Promise<void> {
  const now = Date.now();
  const pending = new Map<string, PendingEvent>();
  const deadLetters: InsertDeadLetterEvent[] = [];
  const stored: Message<unknown>[] = [];
  const probes: { message: Message<unknown>; id: string }[] = [];
  for (const message of batch.messages) {
    const parsed = queueMessageSchema.safeParse(message.body);
    if (!parsed.success) {
      const reason = parsed.error.issues
        .slice(0, 5)
        .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`)
        .join("; ");
      deadLetters.push(malformed(batch.queue, message, reason));
      stored.push(message);
      continue;
    }
    if (parsed.data.type === "probe") {
      probes.push({ message, id: parsed.data.id });
      continue;
    }
    stored.push(message);
    const event = parsed.data;
    // Events belong to organizations; anonymous refusals (no key) are not tenant data.
    if (event.organizationId === null) continue;
    const row = toRow({ ...event, organizationId: event.organizationId });
    const problem = timeWindowProblem(row.createdAt, now, services.config.LOG_RETENTION_DAYS);
    if (problem) {
      deadLetters.push(malformed(batch.queue, message, problem));
      continue;
    }
    // The same event twice in one batch: one row (ON CONFLICT needs distinct rows per statement).
    if (pending.has(row.id)) continue;
    pending.set(row.id, { row, messageId: message.id, attempts: message.attempts });
  }

  try {
    const result = await storeRequestEvents(services, batch.queue, [...pending.values()], deadLetters);
    if (result.duplicates > 0 || deadLetters.length > 0 || result.unknownOrganization > 0) {
      console.log(
        JSON.stringify({
          event: "request_logs_batch",
          size: batch.messages.length,
          ...result,
          malformed: deadLetters.length,
        }),
      );
    }
  } catch (error) {
    // The driver's cause (the Postgres error), not the wrapper that repeats the query and its
    // parameters (event contents) into the logs.
    const cause = error instanceof Error && error.cause ? error.cause : error;
    console.error(
      JSON.stringify({
        event: "request_logs_batch_failed",
        size: batch.messages.length,
        error: String(cause).slice(0, 500),
      }),
    );
    for (const message of stored) {
      // Exponential backoff: 2, 4, 8 … seconds, capped at 5 minutes.
      message.retry({ delaySeconds: Math.min(300, 2 ** Math.min(message.attempts, 8)) });
    }
    for (const { message } of probes) message.ack();
    return;
  }
  for (const message of stored) message.ack();
  // Best effort after the batch is safe: a missed check is made by the organization's next batch.
  const organizationIds = [...new Set([...pending.values()].map((event) => event.row.organizationId))];
  await emitQuotaThresholds(services, organizationIds, new Date(now)).catch((error: unknown) => {
    console.error(
      JSON.stringify({ event: "quota_threshold_check_failed", error: String(error).slice(0, 500) }),
    );
  });
  for (const { message, id } of probes) {
    await services.keyCache.put(`${PROBE_KV_PREFIX}${id}`, String(Date.now()), { expirationTtl: 60 });
    message.ack();
  }
}
