// Webhook deliveries in `pnpm bench` (issue #18 item 3): the real Worker on workerd (the
// harness, wrangler.toml's queues and consumer settings), real Postgres through the local Neon
// endpoints, and the repo's local webhook receiver (dev/src/webhook-receiver.ts) as a real HTTP
// server in its own process. Each round starts a fresh workerd and its own organization with
// ENDPOINTS endpoints on the receiver.
//
// - Throughput: a burst of outbox rows (events fanned out to every endpoint) is written and
//   dispatched as the admin API does after a commit (bench/worker/new-paths.ts), then the run
//   waits until every delivery has succeeded: deliveries ÷ (last success − first outbox row).
// - Outbox → first attempt: events written one by one at a steady rate (half the burst's measured
//   delivery rate, at least one event a second), each dispatched right after its commit; per delivery, the first
//   attempt's start minus the outbox row's created_at (both this machine's clock). The same
//   figure is also reported for the burst, where it includes the queue's backlog.
// Each round also checks that the receiver got every delivery once (one webhook-id per event and
// endpoint; at-least-once may repeat one, which is counted and reported).
//
// `node bench/src/webhooks.ts [--quick]` runs this part alone and prints its Markdown.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createSecretBox } from "@edgegate/gateway-worker/secret-box";
import type pg from "pg";
import { workerdCpuSeconds } from "./cpu.ts";
import { BENCH_ROOT, BENCH_WEBHOOK_ENCRYPTION_KEY, type Harness } from "./harness.ts";
import { percentile } from "./load.ts";
import { runAlone, startReceivers } from "./receivers.ts";
// A function declaration: safe across report.ts → new-paths.ts → webhooks.ts → report.ts.
import { median } from "./report.ts";

export const WEBHOOK_TARGETS = { deliveriesPerSecond: 500, firstAttemptP95Ms: 2_000 };
const ENDPOINTS = 10;

export interface WebhookRound {
  deliveries: number;
  seconds: number;
  deliveriesPerSecond: number;
  workerdCpuMsPerDelivery: number;
  /** SQL statements the local Neon HTTP endpoint ran per delivery (dispatch, claim, attempt, …). */
  postgresQueriesPerDelivery: number;
  burstFirstAttemptP50Ms: number;
  burstFirstAttemptP95Ms: number;
  steadyRate: number;
  steadyDeliveries: number;
  firstAttemptP50Ms: number;
  firstAttemptP95Ms: number;
  /** Deliveries the receiver got more than once (same webhook-id, same endpoint). */
  duplicates: number;
  /** Deliveries that never reached the receiver. */
  missing: number;
}

export interface WebhookReport {
  endpoints: number;
  burstEvents: number;
  steadySeconds: number;
  rounds: WebhookRound[];
  targets: typeof WEBHOOK_TARGETS;
  queueSettings: string;
}

/** The consumer settings the run used, read from wrangler.toml as the harness reads them. */
function queueSettings(): string {
  const toml = readFileSync(join(BENCH_ROOT, "..", "wrangler.toml"), "utf8");
  const block = /queue = "webhook-deliveries"\n((?:[a-z_]+ = .*\n)+)/.exec(toml)?.[1] ?? "";
  return block
    .split("\n")
    .filter((line) => /^max_batch_(size|timeout)/.test(line))
    .map((line) => line.replace(" = ", " "))
    .join(", ");
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** The p-th percentile (0–100) of unsorted values. */
const pct = (values: number[], p: number) =>
  percentile(
    [...values].sort((a, b) => a - b),
    p,
  );

async function seedEndpoints(db: pg.Client, receiverUrl: string, runId: string): Promise<string> {
  const organizationId = `org_bench_wh_${runId}`;
  await db.query("INSERT INTO organizations (id, name, slug, plan) VALUES ($1, $1, $1, 'PRO')", [
    organizationId,
  ]);
  const box = createSecretBox([
    { version: 1, raw: Uint8Array.from(Buffer.from(BENCH_WEBHOOK_ENCRYPTION_KEY, "base64")) },
  ]);
  for (let i = 0; i < ENDPOINTS; i++) {
    const id = `wh_bench_${runId}_${i}`;
    const secret = `whsec_${Buffer.from(randomUUID().replace(/-/g, ""), "hex").toString("base64")}`;
    await db.query(
      `INSERT INTO webhooks (id, organization_id, url, event_types, secret_ciphertext)
       VALUES ($1, $2, $3, '{}', $4)`,
      [id, organizationId, `${receiverUrl}/hooks/${id}`, await box.seal(id, secret)],
    );
  }
  return organizationId;
}

/** Writes `count` outbox rows (one statement, as one commit) and returns their ids. */
async function writeOutbox(db: pg.Client, organizationId: string, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => `evt_${randomUUID()}`);
  const payload = (id: string) =>
    JSON.stringify({
      type: "api_key.created",
      timestamp: new Date().toISOString(),
      data: { id: `key_${id.slice(4, 16)}`, name: "bench", scopes: ["*"] },
    });
  await db.query(
    `INSERT INTO webhook_events (id, organization_id, type, payload, cause)
     SELECT id, $2, 'api_key.created', payload::jsonb, 'job:bench' FROM unnest($1::text[], $3::text[]) AS t(id, payload)`,
    [ids, organizationId, ids.map(payload)],
  );
  return ids;
}

async function dispatch(workerUrl: string, eventIds: string[]): Promise<void> {
  const response = await fetch(`${workerUrl}/__bench/webhooks/dispatch`, {
    method: "POST",
    body: JSON.stringify({ eventIds }),
  });
  if (response.status !== 202) throw new Error(`dispatch answered ${response.status}`);
}

async function waitForSuccess(db: pg.Client, eventIds: string[], expected: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await db.query<{ n: string }>(
      "SELECT count(*) AS n FROM webhook_deliveries WHERE event_id = ANY($1) AND status = 'succeeded'",
      [eventIds],
    );
    if (Number(rows[0]?.n) >= expected) return;
    if (Date.now() > deadline)
      throw new Error(`webhooks: ${rows[0]?.n}/${expected} deliveries succeeded after ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** Per delivery: its first attempt's start − the outbox row's created_at (ms), and the last success. */
async function firstAttempts(db: pg.Client, eventIds: string[]) {
  const { rows } = await db.query<{ lag_ms: number; created_ms: string; delivered_ms: string }>(
    `SELECT extract(epoch FROM a.started_at - e.created_at) * 1000 AS lag_ms,
            (extract(epoch FROM e.created_at) * 1000)::bigint AS created_ms,
            (extract(epoch FROM d.delivered_at) * 1000)::bigint AS delivered_ms
       FROM webhook_deliveries d
       JOIN webhook_events e ON e.id = d.event_id
       JOIN webhook_attempts a ON a.delivery_id = d.id AND a.attempt_number = 1
      WHERE d.event_id = ANY($1)`,
    [eventIds],
  );
  return {
    lags: rows.map((r) => Number(r.lag_ms)),
    firstCreated: Math.min(...rows.map((r) => Number(r.created_ms))),
    lastDelivered: Math.max(...rows.map((r) => Number(r.delivered_ms))),
  };
}

/** What the receiver got for this round's endpoints: deliveries received twice, and never. */
async function receiverCheck(receiverUrl: string, organizationId: string, eventIds: Set<string>) {
  let duplicates = 0;
  let received = 0;
  const runId = organizationId.replace("org_bench_wh_", "");
  for (let i = 0; i < ENDPOINTS; i++) {
    const response = await fetch(`${receiverUrl}/received/wh_bench_${runId}_${i}`);
    const list = (await response.json()) as { headers: Record<string, string> }[];
    const seen = new Set<string>();
    for (const delivery of list) {
      const id = delivery.headers["webhook-id"] ?? "";
      if (!eventIds.has(id)) continue;
      if (seen.has(id)) duplicates++;
      else seen.add(id);
    }
    received += seen.size;
  }
  return { duplicates, missing: eventIds.size * ENDPOINTS - received };
}

export async function measureWebhooks(
  harness: Harness,
  options: { quick: boolean; log: (message: string) => void },
): Promise<WebhookReport> {
  const burstEvents = options.quick ? 200 : 500;
  const steadySeconds = options.quick ? 5 : 10;
  const rounds = options.quick ? 2 : 3;
  const receivers = await startReceivers();
  const { receiverUrl, db } = receivers;
  const results: WebhookRound[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      const worker = await harness.startWorker("new-paths");
      try {
        const runId = randomUUID().slice(0, 8);
        const organizationId = await seedEndpoints(db, receiverUrl, runId);
        // Warm-up: one event through the whole path (isolate, queue consumer, connections).
        const warm = await writeOutbox(db, organizationId, 1);
        await dispatch(worker.url, warm);
        await waitForSuccess(db, warm, ENDPOINTS, 60_000);

        // 1. Burst: outbox rows committed 50 at a time, back to back, each commit dispatched
        // right after it (the dispatch answers at once and runs in the Worker's waitUntil).
        const cpuBefore = workerdCpuSeconds();
        const queriesBefore = (await harness.stats()).neonHttp?.queries ?? 0;
        const burst: string[] = [];
        for (let chunk = 0; chunk < burstEvents / 50; chunk++) {
          const ids = await writeOutbox(db, organizationId, 50);
          burst.push(...ids);
          await dispatch(worker.url, ids);
        }
        await waitForSuccess(db, burst, burst.length * ENDPOINTS, 300_000);
        const cpuMs = (workerdCpuSeconds() - cpuBefore) * 1000;
        const queries = ((await harness.stats()).neonHttp?.queries ?? 0) - queriesBefore;
        const b = await firstAttempts(db, burst);
        const deliveries = burst.length * ENDPOINTS;
        const seconds = (b.lastDelivered - b.firstCreated) / 1000;

        // 2. Steady: one event (ENDPOINTS deliveries) at a time, dispatched after its commit, at
        // half the rate the burst just measured (as the gateway's open loop runs at 50 % of max):
        // above it, the figure would be the backlog's growth, not the path's latency.
        const steadyEventsPerSecond = Math.max(1, Math.floor(deliveries / seconds / 2 / ENDPOINTS));
        const steady: string[] = [];
        const interval = 1000 / steadyEventsPerSecond;
        const start = Date.now();
        for (let i = 0; i < steadySeconds * steadyEventsPerSecond; i++) {
          await sleep(Math.max(0, start + i * interval - Date.now()));
          const ids = await writeOutbox(db, organizationId, 1);
          steady.push(...ids);
          void dispatch(worker.url, ids);
        }
        await waitForSuccess(db, steady, steady.length * ENDPOINTS, 120_000);
        const s = await firstAttempts(db, steady);
        const check = await receiverCheck(receiverUrl, organizationId, new Set([...burst, ...steady]));
        const result: WebhookRound = {
          deliveries,
          seconds,
          deliveriesPerSecond: deliveries / seconds,
          workerdCpuMsPerDelivery: cpuMs / deliveries,
          postgresQueriesPerDelivery: queries / deliveries,
          burstFirstAttemptP50Ms: pct(b.lags, 50),
          burstFirstAttemptP95Ms: pct(b.lags, 95),
          steadyRate: steadyEventsPerSecond * ENDPOINTS,
          steadyDeliveries: s.lags.length,
          firstAttemptP50Ms: pct(s.lags, 50),
          firstAttemptP95Ms: pct(s.lags, 95),
          ...check,
        };
        results.push(result);
        options.log(
          `webhooks round ${round + 1}: ${deliveries} deliveries in ${seconds.toFixed(1)} s = ${result.deliveriesPerSecond.toFixed(0)}/s (workerd ${result.workerdCpuMsPerDelivery.toFixed(2)} ms CPU/delivery, ${result.postgresQueriesPerDelivery.toFixed(2)} Postgres queries/delivery), outbox→first attempt p95 ${result.firstAttemptP95Ms.toFixed(0)} ms at ${result.steadyRate}/s (burst p95 ${result.burstFirstAttemptP95Ms.toFixed(0)} ms), duplicates ${result.duplicates}, missing ${result.missing}`,
        );
      } finally {
        await worker.dispose();
      }
    }
  } finally {
    await receivers.close();
  }
  return {
    endpoints: ENDPOINTS,
    burstEvents,
    steadySeconds,
    rounds: results,
    targets: WEBHOOK_TARGETS,
    queueSettings: `webhook-deliveries: ${queueSettings()} (wrangler.toml)`,
  };
}

export function renderWebhookMarkdown(report: WebhookReport | undefined): string {
  if (!report || report.rounds.length === 0) return "";
  const r = report.rounds;
  const spread = (values: number[], digits = 0) =>
    `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;
  const rate = median(r.map((x) => x.deliveriesPerSecond));
  const p95 = median(r.map((x) => x.firstAttemptP95Ms));
  const mark = (ok: boolean) => (ok ? "met" : "**missed**");
  return [
    "",
    "#### Webhook deliveries (issue #18)",
    "",
    `The real Worker on workerd (fresh per round, ${r.length} rounds; ${report.queueSettings}), the local webhook receiver as a real HTTP server in its own process, ${report.endpoints} endpoints. Burst: ${report.burstEvents} events × ${report.endpoints} endpoints written to the outbox in commits of 50 and dispatched after each commit; rate from the first outbox row to the last success. Outbox → first attempt: one event at a time at half the burst's rate (${r.map((x) => x.steadyRate).join(", ")} deliveries/s) for ${report.steadySeconds} s. Median (min–max) over rounds.`,
    "",
    "| figure | measured | target | |",
    "|---|--:|--:|---|",
    `| deliveries per second through the queue | ${spread(r.map((x) => x.deliveriesPerSecond))} | ≥ ${report.targets.deliveriesPerSecond} | ${mark(rate >= report.targets.deliveriesPerSecond)} |`,
    `| outbox → first attempt p95 (ms), steady | ${spread(r.map((x) => x.firstAttemptP95Ms))} | ≤ ${report.targets.firstAttemptP95Ms} | ${mark(p95 <= report.targets.firstAttemptP95Ms)} |`,
    `| outbox → first attempt p50 (ms), steady | ${spread(r.map((x) => x.firstAttemptP50Ms))} | | |`,
    `| outbox → first attempt p95 (ms), burst (queue backlog included) | ${spread(r.map((x) => x.burstFirstAttemptP95Ms))} | | |`,
    `| workerd CPU per delivery (ms) | ${spread(
      r.map((x) => x.workerdCpuMsPerDelivery),
      2,
    )} | | |`,
    `| Postgres statements per delivery (at the Neon endpoint) | ${spread(
      r.map((x) => x.postgresQueriesPerDelivery),
      2,
    )} | | |`,
    `| received twice (same webhook-id) / never received | ${r.reduce((n, x) => n + x.duplicates, 0)} / ${r.reduce((n, x) => n + x.missing, 0)} | 0 lost | ${mark(r.every((x) => x.missing === 0))} |`,
    "",
  ].join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const quick = process.argv.includes("--quick");
  await runAlone(
    "webhooks",
    (harness, log) => measureWebhooks(harness, { quick, log }),
    renderWebhookMarkdown,
  );
}
