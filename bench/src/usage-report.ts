// The hourly usage report in `pnpm bench` (issue #18 item 3): services/billing/usage-report.ts
// (reportOverage, what the "7 * * * *" cron runs) inside the real Worker on workerd (the
// harness; bench/worker/new-paths.ts calls it as the job does), real Postgres through the local
// Neon endpoints, and the Stripe stand-in (dev/src/stripe/) as a real HTTP server in its own
// process, for ORGANIZATIONS billed organizations. Each round starts a fresh workerd on freshly
// seeded organizations in the steady state of an hourly run: every organization is past its
// plan's quota, the hour before last is already reported, the last closed hour has new overage.
// Budget: ≤ 60 s of Worker time (the job's wall time inside the Worker) for 10,000.
//
// `node bench/src/usage-report.ts [--quick] [--organizations N]` runs this part alone (receivers.ts).
import { standInWorkerEnv } from "@edgegate/dev/stripe/catalog";
import type pg from "pg";
import { workerdCpuSeconds } from "./cpu.ts";
import type { Harness } from "./harness.ts";
import { runAlone, startReceivers } from "./receivers.ts";

export const USAGE_REPORT_TARGET = { organizations: 10_000, workerSeconds: 60 };
const HOUR_MS = 3_600_000;
const ORG_PREFIX = "org_bench_ur_";
const STARTER_QUOTA = 100_000;

export interface UsageReportRound {
  organizations: number;
  reported: number;
  failed: number;
  workerSeconds: number;
  wallSeconds: number;
  workerdCpuSeconds: number;
  meterEvents: number;
  seedSeconds: number;
}

export interface UsageReportReport {
  organizations: number;
  rounds: UsageReportRound[];
  target: typeof USAGE_REPORT_TARGET;
  /** The run's size differs from the target's (--quick): the budget is scaled to it. */
  budgetSeconds: number;
}

/**
 * `count` billed Starter organizations (Stripe customer, active subscription, bill_overage), each
 * with one key: the quota and 100 more used two hours ago (reported), 250 in the last closed hour.
 */
async function seed(db: pg.Client, count: number, now: number, round: number): Promise<void> {
  const prefix = `${ORG_PREFIX}${round}_`;
  // The ledger's settle time is 15 min (services/billing/ledger.ts): the last closed hour ends
  // at the hour boundary 15 min before now.
  const closedEnd = Math.floor((now - 15 * 60_000) / HOUR_MS) * HOUR_MS;
  const lastHour = new Date(closedEnd - HOUR_MS).toISOString();
  const earlier = new Date(closedEnd - 2 * HOUR_MS).toISOString();
  await db.query(`DELETE FROM organizations WHERE id LIKE '${ORG_PREFIX}%'`);
  await db.query(
    `INSERT INTO organizations (id, name, slug, plan, stripe_customer_id, overage_policy)
     SELECT '${prefix}' || n, 'bench ' || n, '${prefix}' || n, 'STARTER', 'cus_bench_${round}_' || n, 'bill_overage'
       FROM generate_series(1, $1) n`,
    [count],
  );
  await db.query(
    `INSERT INTO billing_subscriptions (organization_id, stripe_subscription_id, stripe_customer_id, status, plan, price_ids)
     SELECT '${prefix}' || n, 'sub_bench_${round}_' || n, 'cus_bench_${round}_' || n, 'active', 'STARTER',
            ARRAY['price_starter_flat', 'price_starter_overage'] FROM generate_series(1, $1) n`,
    [count],
  );
  await db.query(
    `INSERT INTO usage_rollups_key_hour (organization_id, api_key_id, bucket, request_count, billable_count, latency_histogram)
     SELECT '${prefix}' || n, 'key_bench_ur_${round}_' || n, h.bucket, h.billable, h.billable, '{}'
       FROM generate_series(1, $1) n,
            (VALUES ($2::timestamptz, ${STARTER_QUOTA + 100}), ($3::timestamptz, 250)) AS h(bucket, billable)`,
    [count, earlier, lastHour],
  );
  await db.query(
    `INSERT INTO stripe_meter_reports (identifier, organization_id, event_name, window_start, window_end, quantity, status, reported_at)
     SELECT 'eg_${prefix}' || n || '_' || to_char($2::timestamptz AT TIME ZONE 'UTC', 'YYYYMMDDHH24'),
            '${prefix}' || n, 'edgegate_requests', $2::timestamptz, $2::timestamptz + interval '1 hour', 100, 'reported', now()
       FROM generate_series(1, $1) n`,
    [count, earlier],
  );
}

export async function measureUsageReport(
  harness: Harness,
  options: { quick: boolean; organizations?: number; log: (message: string) => void },
): Promise<UsageReportReport> {
  const organizations = options.organizations ?? (options.quick ? 2_000 : USAGE_REPORT_TARGET.organizations);
  const rounds = options.quick ? 1 : 2;
  const receivers = await startReceivers();
  const { stripeUrl, db } = receivers;
  const results: UsageReportRound[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      const now = Date.now();
      const seedStarted = Date.now();
      await seed(db, organizations, now, round);
      const seedSeconds = (Date.now() - seedStarted) / 1000;
      const worker = await harness.startWorker("new-paths", {
        vars: standInWorkerEnv(stripeUrl, "whsec_bench", "sk_test_bench"),
      });
      try {
        const eventsBefore = await receivers.meterEvents();
        const cpuBefore = workerdCpuSeconds();
        const started = Date.now();
        const response = await fetch(`${worker.url}/__bench/usage-report`, {
          method: "POST",
          body: JSON.stringify({ now }),
          signal: AbortSignal.timeout(900_000),
        });
        if (!response.ok)
          throw new Error(`usage report answered ${response.status}: ${await response.text()}`);
        const run = (await response.json()) as {
          organizations: number;
          reported: number;
          failed: number;
          workerMs: number;
        };
        const wallSeconds = (Date.now() - started) / 1000;
        const result: UsageReportRound = {
          organizations: run.organizations,
          reported: run.reported,
          failed: run.failed,
          workerSeconds: run.workerMs / 1000,
          wallSeconds,
          workerdCpuSeconds: workerdCpuSeconds() - cpuBefore,
          meterEvents: (await receivers.meterEvents()) - eventsBefore,
          seedSeconds,
        };
        if (result.organizations < organizations || result.reported !== organizations || result.failed !== 0)
          throw new Error(`usage report: ${JSON.stringify(result)} for ${organizations} organizations`);
        results.push(result);
        options.log(
          `usage report round ${round + 1}: ${organizations} organizations in ${result.workerSeconds.toFixed(1)} s of Worker time (workerd CPU ${result.workerdCpuSeconds.toFixed(1)} s), ${result.meterEvents} meter events`,
        );
      } finally {
        await worker.dispose();
      }
    }
  } finally {
    await db.query(`DELETE FROM organizations WHERE id LIKE '${ORG_PREFIX}%'`).catch(() => {});
    await receivers.close();
  }
  return {
    organizations,
    rounds: results,
    target: USAGE_REPORT_TARGET,
    budgetSeconds: (USAGE_REPORT_TARGET.workerSeconds * organizations) / USAGE_REPORT_TARGET.organizations,
  };
}

export function renderUsageReportMarkdown(report: UsageReportReport | undefined): string {
  if (!report || report.rounds.length === 0) return "";
  const r = report.rounds;
  const worst = Math.max(...r.map((x) => x.workerSeconds));
  const scaled = report.organizations !== report.target.organizations;
  return [
    "",
    "#### Hourly usage report (issue #18)",
    "",
    `\`reportOverage\` (services/billing/usage-report.ts) in the real Worker on workerd, a fresh workerd per round (${r.length}), real Postgres through the local Neon endpoints, the Stripe stand-in as a real HTTP server in its own process; ${report.organizations} billed organizations, each with one new hour of overage to report (the hour before is already reported).${scaled ? ` Reduced size (--quick): the budget is scaled to ${report.budgetSeconds} s (${report.target.workerSeconds} s per ${report.target.organizations}).` : ""}`,
    "",
    "| round | organizations | reported | Worker time (s) | workerd CPU (s) | meter events at Stripe |",
    "|--:|--:|--:|--:|--:|--:|",
    ...r.map(
      (x, i) =>
        `| ${i + 1} | ${x.organizations} | ${x.reported} | ${x.workerSeconds.toFixed(1)} | ${x.workerdCpuSeconds.toFixed(1)} | ${x.meterEvents} |`,
    ),
    "",
    `Target: ≤ ${report.budgetSeconds} s of Worker time for ${report.organizations} organizations (worst round ${worst.toFixed(1)} s): ${worst <= report.budgetSeconds ? "met" : "**missed**"}.`,
    "",
  ].join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const quick = process.argv.includes("--quick");
  const flag = process.argv.indexOf("--organizations");
  const organizations = flag > 0 ? Number(process.argv[flag + 1]) : undefined;
  await runAlone(
    "usage-report",
    (harness, log) =>
      measureUsageReport(harness, { quick, log, ...(organizations ? { organizations } : {}) }),
    renderUsageReportMarkdown,
  );
}
