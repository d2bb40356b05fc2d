// Writing a consumer batch's results back in one request (one `db.batch`, three statements
// whatever the batch's size): every attempt row in one insert, every claimed delivery's new state
// in one set-based UPDATE, and the health of every endpoint the batch touched in another.
import { eq, sql } from "drizzle-orm";
import {
  type InsertWebhookAttempt,
  type WebhookDelivery,
  webhookAttempts,
  webhookDeliveries,
  webhooks,
} from "../../db/schema/webhooks.ts";
import type { HttpDb } from "../database.ts";

/** A claimed delivery's new state: every column a delivery's handling may change (the lock is released). */
export type DeliveryChange = Pick<
  WebhookDelivery,
  | "id"
  | "status"
  | "attempts"
  | "scheduleStep"
  | "nextAttemptAt"
  | "lastStatusCode"
  | "lastError"
  | "deliveredAt"
>;

/** The request made for a delivery (or refused by the URL policy), as the endpoint's health counts it. */
export interface Attempt {
  row: InsertWebhookAttempt;
  endpointId: string;
  ok: boolean;
  finishedAt: Date;
}

/** One claimed delivery's result, to be written back. */
export interface Settled {
  change: DeliveryChange;
  attempt: Attempt | null;
}

/** The claimed row as it is: the starting point of every change. */
export function unchanged(delivery: WebhookDelivery): DeliveryChange {
  const { id, status, attempts, scheduleStep, nextAttemptAt, lastStatusCode, lastError, deliveredAt } =
    delivery;
  return { id, status, attempts, scheduleStep, nextAttemptAt, lastStatusCode, lastError, deliveredAt };
}

/**
 * An endpoint's counters after a batch's attempts, as if they had been recorded one by one in
 * the order they finished: a success resets the run of failures (`reset`), and `failures` counts
 * those after the last success (or all of them, added to the stored count, when none succeeded).
 */
export interface EndpointHealth {
  reset: boolean;
  failures: number;
}

export function endpointHealth(attempts: readonly Attempt[]): Map<string, EndpointHealth> {
  const health = new Map<string, EndpointHealth>();
  const inOrder = [...attempts].sort((a, b) => a.finishedAt.getTime() - b.finishedAt.getTime());
  for (const attempt of inOrder) {
    const counted = health.get(attempt.endpointId) ?? { reset: false, failures: 0 };
    health.set(
      attempt.endpointId,
      attempt.ok ? { reset: true, failures: 0 } : { ...counted, failures: counted.failures + 1 },
    );
  }
  return health;
}

/** A JSON array of rows as a relation `v` (one parameter, however many rows). */
const recordset = (rows: readonly object[], columns: string) =>
  sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS v(${sql.raw(columns)})`;

/** Writes the batch's results; returns the health it recorded per endpoint. */
export async function recordBatch(
  db: HttpDb,
  settled: readonly Settled[],
  now: Date,
): Promise<Map<string, EndpointHealth>> {
  const attempts = settled.flatMap((s) => (s.attempt ? [s.attempt] : []));
  const health = endpointHealth(attempts);
  if (settled.length === 0) return health;
  const changes = settled.map(({ change: c }) => ({
    id: c.id,
    status: c.status,
    attempts: c.attempts,
    schedule_step: c.scheduleStep,
    next_attempt_at: c.nextAttemptAt,
    last_status_code: c.lastStatusCode,
    last_error: c.lastError,
    delivered_at: c.deliveredAt,
  }));
  const deliveries = db
    .update(webhookDeliveries)
    .set({
      status: sql`v.status`,
      attempts: sql`v.attempts`,
      scheduleStep: sql`v.schedule_step`,
      nextAttemptAt: sql`v.next_attempt_at`,
      lockedUntil: null,
      lastStatusCode: sql`v.last_status_code`,
      lastError: sql`v.last_error`,
      deliveredAt: sql`v.delivered_at`,
    })
    .from(
      recordset(
        changes,
        "id text, status text, attempts integer, schedule_step integer, next_attempt_at timestamptz, last_status_code integer, last_error text, delivered_at timestamptz",
      ),
    )
    .where(eq(webhookDeliveries.id, sql`v.id`));
  if (attempts.length === 0) {
    await db.batch([deliveries]);
    return health;
  }
  const since = sql`${now.toISOString()}::timestamptz`;
  await db.batch([
    db.insert(webhookAttempts).values(attempts.map((a) => a.row)),
    deliveries,
    db
      .update(webhooks)
      .set({
        consecutiveFailures: sql`CASE WHEN v.reset THEN v.failures ELSE ${webhooks.consecutiveFailures} + v.failures END`,
        failingSince: sql`CASE WHEN v.failures = 0 THEN NULL WHEN v.reset THEN ${since} ELSE coalesce(${webhooks.failingSince}, ${since}) END`,
      })
      .from(
        recordset(
          [...health].map(([id, h]) => ({ id, ...h })),
          "id text, reset boolean, failures integer",
        ),
      )
      .where(eq(webhooks.id, sql`v.id`)),
  ]);
  return health;
}
