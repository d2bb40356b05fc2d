// The request-log pipeline's part of `pnpm bench`: consumer ingestion (bench/src/pipeline.ts)
// and analytics from rollups against raw rows at each seeded size (bench/src/analytics.ts),
// run after the gateway measurements so neither disturbs the other.
//
// `node bench/src/analytics-report.ts [--quick] [--sizes 1000000,10000000]` runs this part alone
// and writes bench/results/pipeline-<stamp>.{json,md} and pipeline-latest.*.
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import { join } from "node:path";
import {
  type AnalyticsBenchResult,
  FULL_SIZES,
  parseAnalyticsArgs,
  QUICK_SIZES,
  runAnalyticsBench,
} from "./analytics.ts";
import { BENCH_ROOT } from "./harness.ts";
import { type PipelineBenchResult, runPipelineBench } from "./pipeline.ts";

export interface PipelineReport {
  ingestion: PipelineBenchResult["ingestion"] & { targetEventsPerSecond: number; met: boolean };
  analytics: AnalyticsBenchResult;
}

const INGESTION_TARGET = 5_000;

export async function measurePipeline(
  quick: boolean,
  log: (message: string) => void,
  sizes: number[] = quick ? QUICK_SIZES : FULL_SIZES,
): Promise<PipelineReport> {
  const pipeline = await runPipelineBench({ events: quick ? 10_000 : 50_000, batchSize: 100, queryRuns: 0 });
  const ingestion = {
    ...pipeline.ingestion,
    targetEventsPerSecond: INGESTION_TARGET,
    met: pipeline.ingestion.eventsPerSecond >= INGESTION_TARGET,
  };
  log(`ingestion: ${Math.round(ingestion.eventsPerSecond)} events/s (batches of ${ingestion.batchSize})`);
  const analytics = await runAnalyticsBench({
    sizes,
    runs: quick ? 10 : 30,
    rawRuns: quick ? 3 : 5,
    log,
  });
  return { ingestion, analytics };
}

const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
const label = (rows: number) => (rows >= 1_000_000 ? `${rows / 1_000_000}M` : `${rows / 1_000}k`);

export function renderPipelineMarkdown(report: PipelineReport | undefined): string {
  if (!report) return "";
  const { ingestion, analytics } = report;
  const lines = [
    "",
    "#### Request-log pipeline and analytics",
    "",
    `Ingestion through the consumer's code (\`consumeRequestLogs\`, one statement per batch: raw rows, minute rollups, key-hour totals, usage, last use) into the local Postgres, Node + pg: **${Math.round(ingestion.eventsPerSecond)} events/s** (${ingestion.events} events, batches of ${ingestion.batchSize}, ${ingestion.concurrency} in flight; target ≥ ${ingestion.targetEventsPerSecond}: ${ingestion.met ? "met" : "NOT met"}).`,
    "",
    "Busiest organization (~45 % of rows), 30-day range ending at the seed's last hour; rollups vs the same answer from raw `request_logs` (asserted equal). p50 / p95 in ms.",
    "",
    "| raw rows | org rows | summary rollups | summary raw | × (p95) | series rollups | series raw | × (p95) | log page | log page 15 days deep | seed |",
    "|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|",
  ];
  for (const s of analytics.sizes) {
    const q = s.queries;
    lines.push(
      `| ${label(s.rawRows)} | ${s.organizationRows} | ${ms(q.summary.rollups.p50Ms)} / ${ms(q.summary.rollups.p95Ms)} | ${ms(q.summary.raw.p50Ms)} / ${ms(q.summary.raw.p95Ms)} | ${q.summary.speedupP95} | ${ms(q.timeSeries.rollups.p50Ms)} / ${ms(q.timeSeries.rollups.p95Ms)} | ${ms(q.timeSeries.raw.p50Ms)} / ${ms(q.timeSeries.raw.p95Ms)} | ${q.timeSeries.speedupP95} | ${ms(q.logPage.p50Ms)} / ${ms(q.logPage.p95Ms)} | ${ms(q.logPageDeep.p50Ms)} / ${ms(q.logPageDeep.p95Ms)} | ${s.reusedSeed ? "reused" : `seeded in ${s.seedSeconds} s`} |`,
    );
  }
  const t = analytics.targets;
  lines.push("");
  if (analytics.growth)
    lines.push(
      `p95 at ${label(analytics.sizes.at(-1)?.rawRows ?? 0)} over p95 at ${label(analytics.sizes[0]?.rawRows ?? 0)}: summary ×${analytics.growth.summaryP95}, time series ×${analytics.growth.timeSeriesP95}, log page ×${analytics.growth.logPageP95}.`,
    );
  lines.push(
    `Targets at ${label(t.atRawRows)} raw rows (p95 ≤ ${t.p95MaxMs} ms, ≥ ${t.minSpeedup}× faster than raw at p95, log pages p95 ≤ ${t.logPageP95MaxMs} ms): ${t.met === null ? "not judged (no size that large in this run)" : t.met ? "met" : "NOT met"}.`,
  );
  return `${lines.join("\n")}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let args: ReturnType<typeof parseAnalyticsArgs>;
  try {
    args = parseAnalyticsArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`bench pipeline: ${(error as Error).message}`);
    process.exit(2);
  }
  const startedAt = new Date();
  const log = (message: string) =>
    console.error(`[pipeline +${((Date.now() - startedAt.getTime()) / 1000).toFixed(0)}s] ${message}`);
  const loadAverageAtStart = os.loadavg().map((n) => n.toFixed(2));
  const report = await measurePipeline(args.quick, log, args.sizes ?? undefined);
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    loadAverageAtStart: loadAverageAtStart.join(" "),
    loadAverageAtEnd: os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(" "),
  };
  const command = `node bench/src/analytics-report.ts ${process.argv.slice(2).join(" ")}`.trim();
  const markdown = `### Edgegate pipeline benchmark — ${startedAt.toISOString()}\n\nMachine: ${machine.cpus} vCPU ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}, Postgres on the same machine, load average ${machine.loadAverageAtStart} at start, ${machine.loadAverageAtEnd} at end. Command: \`${command}\`.\n${renderPipelineMarkdown(report)}`;
  const stamp = startedAt.toISOString().replace(/[:.]/g, "-");
  await mkdir(join(BENCH_ROOT, "results"), { recursive: true });
  for (const name of [`pipeline-${stamp}`, "pipeline-latest"]) {
    const json = { startedAt: startedAt.toISOString(), command, machine, ...report };
    await writeFile(join(BENCH_ROOT, "results", `${name}.json`), `${JSON.stringify(json, null, 2)}\n`);
    await writeFile(join(BENCH_ROOT, "results", `${name}.md`), markdown);
  }
  console.log(markdown);
  // Targets missed are a result (the report says so); a wrong answer has already thrown.
  process.exit(0);
}
