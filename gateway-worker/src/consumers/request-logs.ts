// The request-logs consumer: validates every message, stores the whole batch of request events
// in one INSERT … ON CONFLICT DO NOTHING (so at-least-once delivery never stores an event twice),
// keeps malformed messages for inspection instead of letting them poison the batch, and retries
// the batch with backoff when Postgres fails. Rollups and usage build on this (see issue #4).
import {
  PROBE_KV_PREFIX,
  queueMessageSchema,
  type RequestEvent,
  uuidv7Timestamp,
} from "@edgegate/shared/events";
import type { Services } from "../context.ts";
import { deadLetterEvents } from "../db/schema/dead-letters.ts";
import { type InsertRequestLog, requestLogs } from "../db/schema/request-logs.ts";

const MAX_STORED_BODY_CHARS = 8_192;

function toRow(event: RequestEvent): InsertRequestLog {
  return {
    id: event.id,
    // The time inside the UUIDv7: a redelivered event maps to the same (created_at, id) key.
    createdAt: new Date(uuidv7Timestamp(event.id)),
    organizationId: event.organizationId ?? "",
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

function preview(body: unknown): unknown {
  try {
    const text = JSON.stringify(body) ?? "null";
    return text.length <= MAX_STORED_BODY_CHARS ? body : { truncated: text.slice(0, MAX_STORED_BODY_CHARS) };
  } catch {
    return { unserializable: String(body).slice(0, MAX_STORED_BODY_CHARS) };
  }
}

export async function consumeRequestLogs(batch: MessageBatch<unknown>, services: Services): Promise<void> {
  const events: { message: Message<unknown>; event: RequestEvent }[] = [];
  const malformed: { message: Message<unknown>; reason: string }[] = [];
  const probes: { message: Message<unknown>; id: string }[] = [];
  for (const message of batch.messages) {
    const parsed = queueMessageSchema.safeParse(message.body);
    if (!parsed.success) {
      const reason = parsed.error.issues
        .slice(0, 5)
        .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`)
        .join("; ");
      malformed.push({ message, reason });
    } else if (parsed.data.type === "probe") probes.push({ message, id: parsed.data.id });
    else events.push({ message, event: parsed.data });
  }

  try {
    // Events belong to organizations; anonymous refusals (no key) are not tenant data.
    const rows = events.filter(({ event }) => event.organizationId !== null).map(({ event }) => toRow(event));
    if (rows.length > 0) await services.database.db.insert(requestLogs).values(rows).onConflictDoNothing();
    if (malformed.length > 0) {
      await services.database.db.insert(deadLetterEvents).values(
        malformed.map(({ message, reason }) => ({
          queue: batch.queue,
          kind: "malformed" as const,
          messageId: message.id,
          body: preview(message.body),
          reason: reason.slice(0, 1_000),
          attempts: message.attempts,
        })),
      );
    }
  } catch (error) {
    console.error(
      JSON.stringify({
        event: "request_logs_batch_failed",
        size: batch.messages.length,
        error: String(error),
      }),
    );
    for (const { message } of [...events, ...malformed]) {
      // Exponential backoff: 2, 4, 8 … seconds, capped at 5 minutes.
      message.retry({ delaySeconds: Math.min(300, 2 ** Math.min(message.attempts, 8)) });
    }
    for (const { message } of probes) message.ack();
    return;
  }
  for (const { message } of [...events, ...malformed]) message.ack();
  for (const { message, id } of probes) {
    await services.keyCache.put(`${PROBE_KV_PREFIX}${id}`, String(Date.now()), { expirationTtl: 60 });
    message.ack();
  }
}
