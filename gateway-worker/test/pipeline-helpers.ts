// Helpers for the request-log pipeline tests: request events at chosen times (UUIDv7 ids carry
// the time) and delivery of message batches to the Worker's queue handler.
import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import type { RequestEvent } from "@edgegate/shared/events";
import { and, gte, lt, sql } from "drizzle-orm";
import type { AnyPgColumn, PgTable } from "drizzle-orm/pg-core";
import { v7 as uuidv7 } from "uuid";
import { requestLogs } from "../src/db/schema/request-logs.ts";
import { usageRollupsHour, usageRollupsMinute } from "../src/db/schema/usage.ts";
import { webhookDeliveries } from "../src/db/schema/webhooks.ts";
import worker from "../src/index.ts";
import { services, type TestKey } from "./helpers.ts";

export function makeEvent(
  testKey: TestKey,
  overrides: Partial<RequestEvent> & { at?: number } = {},
): RequestEvent {
  const { at = Date.now(), ...rest } = overrides;
  return {
    type: "request",
    id: uuidv7({ msecs: at }),
    timestamp: at,
    organizationId: testKey.organizationId,
    apiKeyId: testKey.keyId,
    method: "GET",
    path: "/v1/orders",
    status: 200,
    latencyMs: 12,
    upstreamTtfbMs: 10,
    requestBytes: 100,
    responseBytes: 1_000,
    clientIp: "203.0.113.7",
    country: "DE",
    userAgent: "pipeline-test",
    errorCode: null,
    rateLimitOutcome: "allowed",
    failOpen: false,
    ...rest,
  };
}

/**
 * A minute-aligned time `minutesAgo` minutes back, but never before the start of the current UTC
 * month: a test's few minutes of events then always share one monthly usage row, on any day and
 * at any time of day. Right after a month begins the events may lie a few minutes ahead of the
 * clock, which the consumer accepts (up to a day).
 */
export function recentBase(minutesAgo: number, now = Date.now()): number {
  const today = new Date(now);
  const monthStart = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1);
  return Math.max(Math.floor(now / 60_000) * 60_000 - minutesAgo * 60_000, monthStart);
}

const HOUR = 3_600_000;

/**
 * A whole UTC hour 2–28 days back (inside the 30-day raw-log retention: older events are
 * dead-lettered) in which no organization has traffic or webhook deliveries, for tests of the
 * platform-wide reads (they see every organization). A random hour alone is not enough: the test
 * database keeps earlier runs' rows, so the hour is checked empty before it is used.
 */
export async function emptyPastHour(): Promise<number> {
  const { db } = services().database;
  const rowsIn = async (table: PgTable, column: AnyPgColumn, start: number) => {
    const [row] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(table)
      .where(and(gte(column, new Date(start)), lt(column, new Date(start + HOUR))));
    return row?.n ?? 0;
  };
  for (let attempt = 0; attempt < 50; attempt++) {
    const hoursBack = 48 + ((crypto.getRandomValues(new Uint32Array(1))[0] ?? 0) % (26 * 24));
    const start = Math.floor(Date.now() / HOUR) * HOUR - hoursBack * HOUR;
    const rows = await Promise.all([
      rowsIn(requestLogs, requestLogs.createdAt, start),
      rowsIn(usageRollupsMinute, usageRollupsMinute.bucket, start),
      rowsIn(usageRollupsHour, usageRollupsHour.bucket, start),
      rowsIn(webhookDeliveries, webhookDeliveries.createdAt, start),
    ]);
    if (rows.every((n) => n === 0)) return start;
  }
  throw new Error("no past hour without traffic in 50 tries: is the test database full of old runs?");
}

/** The UTC month (`YYYY-MM-01`, as usage rows store it) an event time falls in. */
export const monthOf = (at: number) => `${new Date(at).toISOString().slice(0, 7)}-01`;

/** Delivers bodies as one batch to `queue`; returns how many messages were acked and retried, and which. */
export async function deliver(bodies: unknown[], options: { queue?: string; env?: Partial<Env> } = {}) {
  const batch = createMessageBatch<unknown>(
    options.queue ?? "request-logs",
    bodies.map((body) => ({ id: `msg-${crypto.randomUUID()}`, timestamp: new Date(), attempts: 1, body })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, { ...env, ...options.env });
  const result = await getQueueResult(batch, ctx);
  return {
    ids: batch.messages.map((m) => m.id),
    acked: result.explicitAcks.length + (result.ackAll ? bodies.length : 0),
    retried: result.retryMessages.length + (result.retryBatch.retry ? bodies.length : 0),
    /** The retried messages (the test pool records their ids, not their delays). */
    retries: result.retryMessages,
  };
}
