// One queue message → at most one HTTP attempt. The delivery is claimed first (a conditional
// update), so a duplicate message — the queue's at-least-once redelivery, or the sweep
// re-sending a message that was only late — finds it claimed or finished and sends nothing.
// Every attempt is recorded; the outcome says whether the queue should retry the message later.
import { AUTO_DISABLE_AFTER_MS } from "@edgegate/shared/webhook-events";
import { webhookUrlError } from "@edgegate/shared/webhook-url";
import { and, eq, isNull, lt, lte, or, sql } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import type { Config } from "../../config.ts";
import {
  type Webhook,
  type WebhookDelivery,
  webhookAttempts,
  webhookDeliveries,
  webhookEvents,
  webhooks,
} from "../../db/schema/webhooks.ts";
import { writeAudit } from "../audit.ts";
import type { Database } from "../database.ts";
import type { Outbox } from "./outbox.ts";
import type { RateCap } from "./rate-cap.ts";
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

async function claim(deps: DeliverDeps, deliveryId: string, now: Date) {
  const lockUntil = new Date(now.getTime() + deps.config.WEBHOOK_TIMEOUT_MS + 30_000);
  const [claimed] = await deps.database.db
    .update(webhookDeliveries)
    .set({ lockedUntil: lockUntil })
    .where(
      and(
        eq(webhookDeliveries.id, deliveryId),
        eq(webhookDeliveries.status, "pending"),
        lte(webhookDeliveries.nextAttemptAt, new Date(now.getTime() + EARLY_SLACK_MS)),
        or(isNull(webhookDeliveries.lockedUntil), lt(webhookDeliveries.lockedUntil, now)),
      ),
    )
    .returning();
  return claimed;
}

/** Why the message was not claimed: finished, held by another consumer, or not due yet. */
async function unclaimedOutcome(deps: DeliverDeps, deliveryId: string, now: Date): Promise<DeliveryOutcome> {
  const [row] = await deps.database.db
    .select({ status: webhookDeliveries.status, next: webhookDeliveries.nextAttemptAt })
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.id, deliveryId));
  if (row?.status !== "pending" || row.next.getTime() <= now.getTime()) return DONE;
  return { retryInSeconds: Math.ceil((row.next.getTime() - now.getTime()) / 1000) };
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

/**
 * The endpoint's secret cannot be decrypted (WEBHOOK_SECRET_ENCRYPTION_KEY lost the key version
 * it was sealed with, or the ciphertext is damaged): nothing is sent and no attempt is recorded
 * (the receiver is not at fault), but the delivery moves along the retry schedule like a failed
 * attempt — a redeploy with the right key within the schedule delivers it — and when the
 * schedule is spent it fails, saying why. Never an endless loop of queue retries.
 */
async function unsignable(
  deps: DeliverDeps,
  delivery: WebhookDelivery,
  now: Date,
  error: unknown,
): Promise<DeliveryOutcome> {
  const step = delivery.scheduleStep + 1;
  const delay = retryDelaySeconds(deps.config.WEBHOOK_RETRY_SCHEDULE, step, null);
  const lastError = `Not sent: the endpoint's signing secret could not be decrypted (${String(error).slice(0, 200)}). Check that WEBHOOK_SECRET_ENCRYPTION_KEY still lists the key version it was sealed with, or rotate the endpoint's secret.`;
  console.error(
    JSON.stringify({ event: "webhook_secret_unreadable", deliveryId: delivery.id, error: String(error) }),
  );
  await deps.database.db
    .update(webhookDeliveries)
    .set({
      status: delay === null ? "failed" : "pending",
      scheduleStep: step,
      nextAttemptAt: delay === null ? now : new Date(now.getTime() + delay * 1000),
      lockedUntil: null,
      lastStatusCode: null,
      lastError,
    })
    .where(eq(webhookDeliveries.id, delivery.id));
  return delay === null ? DONE : { retryInSeconds: delay };
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

export async function attemptDelivery(
  deps: DeliverDeps,
  deliveryId: string,
  now: Date,
): Promise<DeliveryOutcome> {
  const { db } = deps.database;
  // The claim and the read of what to send go out side by side (one round trip's wait instead of
  // two: bench/results/NOTES.md, webhook deliveries); the read is used only if the claim won.
  const [delivery, [joined]] = await Promise.all([
    claim(deps, deliveryId, now),
    db
      .select({ endpoint: webhooks, event: webhookEvents })
      .from(webhookDeliveries)
      .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
      .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
      .where(eq(webhookDeliveries.id, deliveryId)),
  ]);
  if (!delivery) return unclaimedOutcome(deps, deliveryId, now);
  if (!joined) return DONE;
  const { endpoint, event } = joined;
  if (!endpoint.enabled) {
    await db
      .update(webhookDeliveries)
      .set({ status: "failed", lastError: "Endpoint disabled", lockedUntil: null })
      .where(eq(webhookDeliveries.id, delivery.id));
    return DONE;
  }
  if (
    endpoint.rateLimitPerSecond !== null &&
    !(await deps.rateCap(endpoint.id, endpoint.rateLimitPerSecond))
  ) {
    // Over the cap: try again in a second, without counting an attempt.
    await db
      .update(webhookDeliveries)
      .set({ lockedUntil: null, nextAttemptAt: new Date(now.getTime() + 1000) })
      .where(eq(webhookDeliveries.id, delivery.id));
    return { retryInSeconds: 1 };
  }

  let secrets: string[];
  try {
    secrets = await signingSecrets(deps, endpoint, now);
  } catch (error) {
    return unsignable(deps, delivery, now, error);
  }
  const body = JSON.stringify(event.payload);
  const timestamp = Math.floor(now.getTime() / 1000);
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

  const finished = new Date(now.getTime() + outcome.durationMs);
  const step = delivery.scheduleStep + 1;
  const delay =
    outcome.ok || outcome.errorClass === "blocked"
      ? null
      : retryDelaySeconds(
          deps.config.WEBHOOK_RETRY_SCHEDULE,
          step,
          parseRetryAfter(outcome.retryAfter, finished.getTime()),
        );
  const status = outcome.ok ? "succeeded" : delay === null ? "failed" : "pending";
  await db.batch([
    db.insert(webhookAttempts).values({
      id: uuidv7(),
      deliveryId: delivery.id,
      attemptNumber: delivery.attempts + 1,
      startedAt: now,
      durationMs: outcome.durationMs,
      statusCode: outcome.statusCode,
      errorClass: outcome.errorClass,
      errorMessage: outcome.errorMessage,
      requestHeaders: headers,
      responseHeaders: outcome.responseHeaders,
      responseBody: outcome.responseBody,
    }),
    db
      .update(webhookDeliveries)
      .set({
        status,
        attempts: delivery.attempts + 1,
        scheduleStep: step,
        nextAttemptAt: delay === null ? finished : new Date(finished.getTime() + delay * 1000),
        lockedUntil: null,
        lastStatusCode: outcome.statusCode,
        lastError: outcome.errorMessage,
        ...(outcome.ok && { deliveredAt: finished }),
      })
      .where(eq(webhookDeliveries.id, delivery.id)),
    db
      .update(webhooks)
      .set(
        outcome.ok
          ? { consecutiveFailures: 0, failingSince: null }
          : {
              consecutiveFailures: sql`${webhooks.consecutiveFailures} + 1`,
              failingSince: sql`coalesce(${webhooks.failingSince}, ${now})`,
            },
      )
      .where(eq(webhooks.id, endpoint.id)),
  ]);
  if (
    !outcome.ok &&
    endpoint.failingSince &&
    now.getTime() - endpoint.failingSince.getTime() >= AUTO_DISABLE_AFTER_MS
  ) {
    await autoDisable(deps, endpoint, now);
  }
  return delay === null ? DONE : { retryInSeconds: delay };
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
