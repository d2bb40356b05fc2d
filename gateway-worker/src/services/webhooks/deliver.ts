// One consumer batch → at most one HTTP attempt per delivery its messages name, in three round
// trips to Postgres whatever the batch's size (bench/results/NOTES.md, webhook deliveries):
// 1. the claim — one conditional UPDATE … RETURNING takes every due delivery of the batch, and in
//    the same request a read of their endpoints and events (and of why the others were not taken);
// 2. the sends, side by side, each endpoint's secret opened once per batch;
// 3. one batch recording every attempt, delivery and endpoint health (record.ts).
// The claim comes first, so a duplicate message — the queue's at-least-once redelivery, the sweep
// re-sending a message that was only late, the same id twice in one batch — finds the delivery
// claimed or finished and sends nothing. The outcome per delivery says whether the queue should
// retry its message later.
import { AUTO_DISABLE_AFTER_MS } from "@edgegate/shared/webhook-events";
import { webhookUrlError } from "@edgegate/shared/webhook-url";
import { and, eq, inArray, isNull, lt, lte, or } from "drizzle-orm";
import type { LimitFunction } from "p-limit";
import { v7 as uuidv7 } from "uuid";
import type { Config } from "../../config.ts";
import {
  type Webhook,
  type WebhookDelivery,
  type WebhookEvent,
  webhookDeliveries,
  webhookEvents,
  webhooks,
} from "../../db/schema/webhooks.ts";
import { writeAudit } from "../audit.ts";
import type { Database } from "../database.ts";
import { CONNECTIONS_PER_INVOCATION, outboundSlots } from "../outbound.ts";
import type { Outbox } from "./outbox.ts";
import type { RateCap } from "./rate-cap.ts";
import { recordBatch, type Settled, unchanged } from "./record.ts";
import { parseRetryAfter, retryDelaySeconds } from "./schedule.ts";
import type { SecretBox } from "./secret-box.ts";
import { type SendOutcome, sendWebhook } from "./send.ts";
import { signatureHeader } from "./signing.ts";

/** What the consumer does with the message: acknowledge it, or retry it after a delay. */
export type DeliveryOutcome = { retryInSeconds: number } | { retryInSeconds: null };

const DONE: DeliveryOutcome = { retryInSeconds: null };

/** A message arriving this early for its attempt is still taken (queues deliver a little early). */
const EARLY_SLACK_MS = 1_000;

export interface DeliverDeps {
  config: Config;
  database: Database;
  secretBox: SecretBox;
  outbox: Outbox;
  rateCap: RateCap;
}

export function allowsLocalReceivers(config: Config): boolean {
  return config.ENVIRONMENT === "development" || config.ENVIRONMENT === "test";
}

/** Long enough for every wave of sends a batch this size can need (all timing out), and then some. */
function lockUntil(deps: DeliverDeps, deliveries: number, now: Date): Date {
  const waves = Math.ceil(deliveries / CONNECTIONS_PER_INVOCATION);
  return new Date(now.getTime() + waves * deps.config.WEBHOOK_TIMEOUT_MS + 30_000);
}

/**
 * Claims every due delivery among `ids` and reads, for all of them, what to send and why one was
 * not claimed. One request (a `db.batch` is one transaction): the read sees the claim's result.
 */
async function claim(deps: DeliverDeps, ids: string[], now: Date) {
  const { db } = deps.database;
  const [claimed, rows] = await db.batch([
    db
      .update(webhookDeliveries)
      .set({ lockedUntil: lockUntil(deps, ids.length, now) })
      .where(
        and(
          inArray(webhookDeliveries.id, ids),
          eq(webhookDeliveries.status, "pending"),
          lte(webhookDeliveries.nextAttemptAt, new Date(now.getTime() + EARLY_SLACK_MS)),
          or(isNull(webhookDeliveries.lockedUntil), lt(webhookDeliveries.lockedUntil, now)),
        ),
      )
      .returning(),
    db
      .select({
        id: webhookDeliveries.id,
        status: webhookDeliveries.status,
        nextAttemptAt: webhookDeliveries.nextAttemptAt,
        endpoint: webhooks,
        event: webhookEvents,
      })
      .from(webhookDeliveries)
      .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
      .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
      .where(inArray(webhookDeliveries.id, ids)),
  ]);
  return { claimed, rows: new Map(rows.map((row) => [row.id, row])) };
}

/** Why a delivery was not claimed: finished or held by another consumer (ack), or not due yet. */
function unclaimedOutcome(
  row: { status: string; nextAttemptAt: Date } | undefined,
  now: Date,
): DeliveryOutcome {
  if (row?.status !== "pending" || row.nextAttemptAt.getTime() <= now.getTime()) return DONE;
  return { retryInSeconds: Math.ceil((row.nextAttemptAt.getTime() - now.getTime()) / 1000) };
}

/**
 * The secrets that sign a delivery: the current one (it must open), and during a rotation's
 * overlap the previous one too — unless that one cannot be opened (rotating away from a secret
 * sealed under a key no longer configured is how an admin recovers), then only the current.
 */
async function signingSecrets(deps: DeliverDeps, endpoint: Webhook, now: Date): Promise<string[]> {
  const secrets = [await deps.secretBox.open(endpoint.id, endpoint.secretCiphertext)];
  if (
    endpoint.previousSecretCiphertext &&
    endpoint.previousSecretExpiresAt &&
    endpoint.previousSecretExpiresAt.getTime() > now.getTime()
  ) {
    try {
      secrets.push(await deps.secretBox.open(endpoint.id, endpoint.previousSecretCiphertext));
    } catch (error) {
      console.error(
        JSON.stringify({
          event: "webhook_previous_secret_unreadable",
          webhookId: endpoint.id,
          error: String(error),
        }),
      );
    }
  }
  return secrets;
}

/** One delivery's result: what to write back and what the queue does with its message. */
type Handled = Settled & { outcome: DeliveryOutcome };

/**
 * The endpoint's secret cannot be decrypted (WEBHOOK_SECRET_ENCRYPTION_KEY lost the key version
 * it was sealed with, or the ciphertext is damaged): nothing is sent and no attempt is recorded
 * (the receiver is not at fault), but the delivery moves along the retry schedule like a failed
 * attempt — a redeploy with the right key within the schedule delivers it — and when the
 * schedule is spent it fails, saying why. Never an endless loop of queue retries.
 */
function unsignable(deps: DeliverDeps, delivery: WebhookDelivery, now: Date, error: unknown): Handled {
  const step = delivery.scheduleStep + 1;
  const delay = retryDelaySeconds(deps.config.WEBHOOK_RETRY_SCHEDULE, step, null);
  const lastError = `Not sent: the endpoint's signing secret could not be decrypted (${String(error).slice(0, 200)}). Check that WEBHOOK_SECRET_ENCRYPTION_KEY still lists the key version it was sealed with, or rotate the endpoint's secret.`;
  console.error(
    JSON.stringify({ event: "webhook_secret_unreadable", deliveryId: delivery.id, error: String(error) }),
  );
  return {
    change: {
      ...unchanged(delivery),
      status: delay === null ? "failed" : "pending",
      scheduleStep: step,
      nextAttemptAt: delay === null ? now : new Date(now.getTime() + delay * 1000),
      lastStatusCode: null,
      lastError,
    },
    attempt: null,
    outcome: delay === null ? DONE : { retryInSeconds: delay },
  };
}

const blocked = (message: string): SendOutcome => ({
  ok: false,
  statusCode: null,
  durationMs: 0,
  errorClass: "blocked",
  errorMessage: `URL refused: ${message}`,
  responseHeaders: null,
  responseBody: null,
  retryAfter: null,
});

/** After a failure of ours (database unreachable, a bug — not the receiver), a delivery comes back this much later. */
export const FAILURE_RETRY_SECONDS = 30;

/**
 * Handling one delivery threw (ours, not the receiver's fault): it alone is released, without
 * counting an attempt, and comes back later — the batch's other deliveries are still recorded,
 * so what they sent is never sent again.
 */
function ownFailure(delivery: WebhookDelivery, now: Date, error: unknown): Handled {
  console.error(
    JSON.stringify({ event: "webhook_delivery_failed", deliveryId: delivery.id, error: String(error) }),
  );
  return {
    change: {
      ...unchanged(delivery),
      nextAttemptAt: new Date(now.getTime() + FAILURE_RETRY_SECONDS * 1000),
    },
    attempt: null,
    outcome: { retryInSeconds: FAILURE_RETRY_SECONDS },
  };
}

/** What the deliveries of one batch share. */
interface BatchContext {
  deps: DeliverDeps;
  now: Date;
  /** The batch's clock: `now` plus the time since the batch began (a send may wait its turn). */
  clock: () => Date;
  /** Each endpoint's signing secrets, opened once per batch. */
  secretsOf: (endpoint: Webhook) => Promise<string[]>;
  sendSlot: LimitFunction;
}

/** One claimed delivery: checks, then at most one signed request. */
async function attemptOne(
  batch: BatchContext,
  delivery: WebhookDelivery,
  endpoint: Webhook,
  event: WebhookEvent,
): Promise<Handled> {
  const { deps, now } = batch;
  if (!endpoint.enabled) {
    return {
      change: { ...unchanged(delivery), status: "failed", lastError: "Endpoint disabled" },
      attempt: null,
      outcome: DONE,
    };
  }
  if (
    endpoint.rateLimitPerSecond !== null &&
    !(await deps.rateCap(endpoint.id, endpoint.rateLimitPerSecond))
  ) {
    // Over the cap: try again in a second, without counting an attempt.
    return {
      change: { ...unchanged(delivery), nextAttemptAt: new Date(now.getTime() + 1000) },
      attempt: null,
      outcome: { retryInSeconds: 1 },
    };
  }

  let secrets: string[];
  try {
    secrets = await batch.secretsOf(endpoint);
  } catch (error) {
    return unsignable(deps, delivery, now, error);
  }
  return batch.sendSlot(async () => {
    const startedAt = batch.clock();
    const body = JSON.stringify(event.payload);
    const timestamp = Math.floor(startedAt.getTime() / 1000);
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "user-agent": "Edgegate-Webhooks/1.0",
      "webhook-id": event.id,
      "webhook-timestamp": String(timestamp),
      "webhook-signature": await signatureHeader(secrets, event.id, timestamp, body),
    };
    // Checked again before every send: the policy may be stricter than when the URL was saved.
    const urlError = webhookUrlError(endpoint.url, { allowLocal: allowsLocalReceivers(deps.config) });
    const outcome = urlError
      ? blocked(urlError)
      : await sendWebhook(endpoint.url, headers, body, deps.config.WEBHOOK_TIMEOUT_MS);

    const finishedAt = new Date(startedAt.getTime() + outcome.durationMs);
    const step = delivery.scheduleStep + 1;
    const delay =
      outcome.ok || outcome.errorClass === "blocked"
        ? null
        : retryDelaySeconds(
            deps.config.WEBHOOK_RETRY_SCHEDULE,
            step,
            parseRetryAfter(outcome.retryAfter, finishedAt.getTime()),
          );
    return {
      change: {
        ...unchanged(delivery),
        status: outcome.ok ? "succeeded" : delay === null ? "failed" : "pending",
        attempts: delivery.attempts + 1,
        scheduleStep: step,
        nextAttemptAt: delay === null ? finishedAt : new Date(finishedAt.getTime() + delay * 1000),
        lastStatusCode: outcome.statusCode,
        lastError: outcome.errorMessage,
        ...(outcome.ok && { deliveredAt: finishedAt }),
      },
      attempt: {
        row: {
          id: uuidv7(),
          deliveryId: delivery.id,
          attemptNumber: delivery.attempts + 1,
          startedAt,
          durationMs: outcome.durationMs,
          statusCode: outcome.statusCode,
          errorClass: outcome.errorClass,
          errorMessage: outcome.errorMessage,
          requestHeaders: headers,
          responseHeaders: outcome.responseHeaders,
          responseBody: outcome.responseBody,
        },
        endpointId: endpoint.id,
        ok: outcome.ok,
        finishedAt,
      },
      outcome: delay === null ? DONE : { retryInSeconds: delay },
    };
  });
}

/** One attempt at most for each delivery named; the outcome for each id (duplicates collapse). */
export async function attemptDeliveries(
  deps: DeliverDeps,
  deliveryIds: readonly string[],
  now: Date,
): Promise<Map<string, DeliveryOutcome>> {
  const ids = [...new Set(deliveryIds)];
  const outcomes = new Map<string, DeliveryOutcome>();
  if (ids.length === 0) return outcomes;
  const { claimed, rows } = await claim(deps, ids, now);
  const claimedIds = new Set(claimed.map((delivery) => delivery.id));
  for (const id of ids) if (!claimedIds.has(id)) outcomes.set(id, unclaimedOutcome(rows.get(id), now));

  const opened = new Map<string, Promise<string[]>>();
  const began = Date.now();
  const batch: BatchContext = {
    deps,
    now,
    clock: () => new Date(now.getTime() + (Date.now() - began)),
    secretsOf: (endpoint) => {
      let secrets = opened.get(endpoint.id);
      if (!secrets) {
        secrets = signingSecrets(deps, endpoint, now);
        opened.set(endpoint.id, secrets);
      }
      return secrets;
    },
    sendSlot: outboundSlots(),
  };
  const endpoints = new Map<string, Webhook>();
  const handled = await Promise.all(
    claimed.flatMap((delivery) => {
      const row = rows.get(delivery.id);
      // Endpoint and event are foreign keys (cascading): a claimed delivery always has both.
      if (!row) return [];
      endpoints.set(row.endpoint.id, row.endpoint);
      return [
        attemptOne(batch, delivery, row.endpoint, row.event).catch((error: unknown) =>
          ownFailure(delivery, now, error),
        ),
      ];
    }),
  );
  const health = await recordBatch(deps.database.db, handled, now);
  for (const { change, outcome } of handled) outcomes.set(change.id, outcome);

  for (const [endpointId, { reset, failures }] of health) {
    const endpoint = endpoints.get(endpointId);
    // Still failing after this batch, and failing since long enough before it.
    if (
      endpoint?.failingSince &&
      !reset &&
      failures > 0 &&
      now.getTime() - endpoint.failingSince.getTime() >= AUTO_DISABLE_AFTER_MS
    ) {
      await autoDisable(deps, endpoint, now);
    }
  }
  for (const id of claimedIds) if (!outcomes.has(id)) outcomes.set(id, DONE);
  return outcomes;
}

/**
 * No success for AUTO_DISABLE_AFTER_MS while deliveries keep failing: the endpoint is disabled,
 * audited (system actor), and the organization's other endpoints get `webhook_endpoint.disabled`.
 */
async function autoDisable(deps: DeliverDeps, endpoint: Webhook, now: Date): Promise<void> {
  const reason = `No successful delivery for ${AUTO_DISABLE_AFTER_MS / 86_400_000} days`;
  await deps.database.transaction(async (tx) => {
    const [disabled] = await tx
      .update(webhooks)
      .set({ enabled: false, disabledReason: reason, disabledAt: now, updatedAt: now })
      .where(and(eq(webhooks.id, endpoint.id), eq(webhooks.enabled, true)))
      .returning({ id: webhooks.id });
    if (!disabled) return;
    await writeAudit(
      deps,
      null,
      endpoint.organizationId,
      { type: "system", id: null, label: "webhook delivery" },
      {
        action: "webhook_endpoint.auto_disable",
        targetType: "webhook_endpoint",
        targetId: endpoint.id,
        before: { enabled: true },
        after: { url: endpoint.url, reason, disabledAt: now.toISOString() },
      },
      tx,
    );
  });
}
