// Cron jobs, dispatched on the schedule that fired (see [triggers] in wrangler.toml).
import { sql } from "drizzle-orm";
import { createServices, loadServiceModules, type Services } from "../context.ts";
import { reconcileBilling } from "../services/billing/reconcile.ts";
import { reportOverage } from "../services/billing/usage-report.ts";
import { warnExpiringKeys } from "./key-expiry.ts";
import { correctQuotaCounters } from "./quota-correction.ts";
import { compactMinuteRollups, deleteExpiredRollups } from "./rollup-maintenance.ts";

type Job = (services: Services, scheduledTime: number) => Promise<unknown>;

/** Creates the next week's log partitions and drops those past retention. Safe to repeat. */
export async function maintainRequestLogPartitions(services: Services, scheduledTime: number): Promise<void> {
  const today = new Date(scheduledTime).toISOString().slice(0, 10);
  const { db } = services.database;
  await db.execute(sql`select edgegate_ensure_request_log_partitions(${today}::date - 1, 9)`);
  await db.execute(
    sql`select edgegate_drop_request_log_partitions(${today}::date - ${services.config.LOG_RETENTION_DAYS}::int)`,
  );
}

/** Catches webhook events and deliveries the after-commit dispatch or the queue left behind. */
export async function sweepWebhooks(services: Services, scheduledTime: number): Promise<void> {
  const swept = await services.webhooks.sweep(new Date(scheduledTime));
  if (swept.events || swept.deliveries) console.log(JSON.stringify({ event: "webhook_sweep", ...swept }));
}

/**
 * Billing (off without STRIPE_SECRET_KEY): the closed hour's overage to Stripe, then the comparison
 * of ledger, usage record, reports and Stripe's meter.
 */
export async function reportAndReconcileBilling(services: Services, scheduledTime: number): Promise<void> {
  if (!services.config.STRIPE_SECRET_KEY) return;
  await reportOverage(services, scheduledTime);
  await reconcileBilling(services, scheduledTime);
}

export const jobs: Record<string, Job[]> = {
  "* * * * *": [sweepWebhooks],
  "17 3 * * *": [maintainRequestLogPartitions, deleteExpiredRollups],
  "7 * * * *": [compactMinuteRollups, warnExpiringKeys, correctQuotaCounters, reportAndReconcileBilling],
};

export async function handleScheduled(controller: ScheduledController, env: Env): Promise<void> {
  await loadServiceModules();
  const services = createServices(env, `job:cron:${controller.cron}`);
  const scheduled = jobs[controller.cron];
  if (!scheduled) {
    console.error(`no jobs for cron "${controller.cron}"`);
    return;
  }
  for (const job of scheduled) await job(services, controller.scheduledTime);
}
