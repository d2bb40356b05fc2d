// `pnpm bench [--quick]`: V0 demo upstream direct, V1 bare pass-through Worker, V2 gateway
// without rate limiting, V3 full gateway — each Worker on workerd through the Miniflare API.
// Closed-loop max throughput, then open-loop latency at 50 % of V1's maximum, variants
// interleaved for several rounds (medians, min–max, ratio to V1 within each round); V3's
// per-request counters, rate-limit accuracy, and the fail-open bound with a slow Redis; and the
// admin SPA's initial JavaScript per route (spa-bundle.ts).
// Writes bench/results/<stamp>.json, .md and .svg (and latest.*), and prints the table.
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import { join } from "node:path";
import { measurePipeline } from "./analytics-report.ts";
import { workerdCpuSeconds } from "./cpu.ts";
import { BENCH_ROOT, CLIENT_IP, startHarness } from "./harness.ts";
import { type ClosedLoopResult, closedLoop, type OpenLoopResult, openLoop, steadyDriver } from "./load.ts";
import { measureNewPaths } from "./new-paths.ts";
import { type BenchReport, renderMarkdown, renderSvg } from "./report.ts";
import { measureSpaBundles } from "./spa-bundle.ts";
import { measureFirstRequest, measureStartup } from "./startup.ts";

const quick = process.argv.includes("--quick");
const cfg = quick
  ? { rounds: 3, connections: [32], closedS: 3, openS: 3, warmS: 1, accuracyWindows: 2 }
  : { rounds: 5, connections: [8, 32, 64], closedS: 10, openS: 10, warmS: 2, accuracyWindows: 5 };
const ACCURACY_LIMIT = 120;
const PATH = "/v1/bytes/256";

const VARIANTS = ["V0", "V1", "V2", "V3"] as const;
type VariantId = (typeof VARIANTS)[number];
// The closed loop also runs F3 (the runtime's floor under V3: V2's I/O plus one raw Upstash call,
// bench/worker/floor.ts) and V3 without group commit (bench/worker/no-group-commit.ts), so the
// group-commit figures (issue #18) sit side by side in the same rounds.
const CLOSED_VARIANTS = ["V0", "V1", "V2", "F3", "V3-no-gc", "V3"] as const;
type ClosedId = (typeof CLOSED_VARIANTS)[number];
// Latency when idle: V3 with and without group commit at 10 % of V1's max (group commit must add
// no latency when there is nothing to share).
const IDLE_VARIANTS = ["V1", "V3-no-gc", "V3"] as const;
type IdleId = (typeof IDLE_VARIANTS)[number];
const startedAt = Date.now();
const log = (message: string) =>
  console.log(`[bench +${((Date.now() - startedAt) / 1000).toFixed(0)}s] ${message}`);

// The admin SPA's initial JavaScript per route (issue #6): a build, not a load test, so it runs
// before the harness starts and takes nothing from the measurements below.
const spaBundles = await measureSpaBundles();
log(
  `admin SPA bundles: ${spaBundles.routes.map((r) => `${r.route} ${(r.gzipBytes / 1024).toFixed(1)} KB gzip`).join(", ")}`,
);

// The Worker's cold start (issue #18): a build and wrangler's startup profile, also before the
// harness starts.
const startup = await measureStartup().catch((error: unknown) => {
  log(`Worker startup not measured: ${String(error)}`);
  return undefined;
});
if (startup)
  log(
    `Worker startup: ${startup.activeMs.toFixed(1)} ms active (best of its profiles), bundle ${(startup.bundleBytes / 1024).toFixed(0)} KiB (${(startup.bundleGzipBytes / 1024).toFixed(0)} KiB gzip)`,
  );

const harness = await startHarness({ accuracyLimit: ACCURACY_LIMIT, flushRedis: true });
let failed = false;
try {
  // A fresh isolate's first gateway request against a warm one's (issue #18; startup.ts).
  if (startup) {
    startup.firstRequest = await measureFirstRequest(harness);
    log(
      `first request, key in KV: fresh isolate ${startup.firstRequest.keyInKv.freshMs.toFixed(1)} ms, warm ${startup.firstRequest.keyInKv.warmOtherKeyMs.toFixed(1)} ms`,
    );
  }
  const headers = { "X-API-Key": harness.keys.hot, "CF-Connecting-IP": CLIENT_IP };
  const [v3counted, v3slow, v3accuracy] = await Promise.all([
    harness.startWorker("instrumented"),
    harness.startWorker("gateway", { slowRedis: true }),
    harness.startWorker("gateway"),
  ]);

  // Every round starts its own workerd process per variant and stops it after. Identical Workers
  // in separate processes ran up to ±15 % apart in CPU per request for the whole life of the
  // process (bench/results/NOTES.md): with one process per variant for the whole run, that luck
  // would be in every round of the variant and in every ratio.
  async function startRound(): Promise<{ urls: Record<ClosedId, string>; stop: () => Promise<void> }> {
    const workers = await Promise.all([
      harness.startWorker("passthrough"),
      harness.startWorker("no-limit"),
      harness.startWorker("floor-v3"),
      harness.startWorker("no-group-commit"),
      harness.startWorker("gateway"),
    ]);
    const [v1, v2, f3, v3NoGc, v3] = workers;
    const urls: Record<ClosedId, string> = {
      V0: harness.upstreamUrl + PATH,
      V1: v1.url + PATH,
      V2: v2.url + PATH,
      F3: f3.url + PATH,
      "V3-no-gc": v3NoGc.url + PATH,
      V3: v3.url + PATH,
    };
    // Every variant must answer 200 before any number means anything.
    for (const [id, url] of Object.entries(urls)) {
      const response = await fetch(url, { headers });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${id} answered ${response.status} at ${url}`);
    }
    return { urls, stop: async () => void (await Promise.all(workers.map((w) => w.dispose()))) };
  }
  log(`stack up (${quick ? "quick" : "full"} run); V1–V3 start fresh in every round`);

  // Rate-limit accuracy runs in the background at 2× the key's limit (a few req/s: negligible load).
  const accuracyDriver = steadyDriver({
    url: v3accuracy.url + PATH,
    headers: { "X-API-Key": harness.keys.accuracy, "CF-Connecting-IP": CLIENT_IP },
    rate: (2 * ACCURACY_LIMIT) / 60,
  });

  // A variant answering anything but 200 fails the run loudly. (Dropped/timed-out requests in the
  // open loop mean overload, which is a result, not a failure; they are reported.)
  const checkClean = (
    id: string,
    r: { non2xx?: number; errors: number; statuses?: Record<string, number> },
  ) => {
    const bad =
      (r.non2xx ?? 0) +
      r.errors +
      Object.entries(r.statuses ?? {})
        .filter(([s]) => s !== "200")
        .reduce((a, [, n]) => a + n, 0);
    if (bad > 0) throw new Error(`${id} failed requests under load: ${JSON.stringify(r)}`);
  };
  const loadBefore = os.loadavg();

  // 1. Closed loop, interleaved. Around each run: the workerd processes' CPU time (/proc) and the
  // REST calls the Upstash bridge received (the accuracy driver's few per second included).
  const closed: Record<number, Record<ClosedId, ClosedLoopResult[]>> = {};
  for (const connections of cfg.connections) {
    closed[connections] = { V0: [], V1: [], V2: [], F3: [], "V3-no-gc": [], V3: [] };
    for (let round = 0; round < cfg.rounds; round++) {
      const { urls, stop } = await startRound();
      for (const id of CLOSED_VARIANTS) {
        await closedLoop({ url: urls[id], headers, connections, durationS: cfg.warmS });
        const [cpuBefore, statsBefore] = [workerdCpuSeconds(), await harness.stats()];
        const result = await closedLoop({ url: urls[id], headers, connections, durationS: cfg.closedS });
        const [cpuAfter, statsAfter] = [workerdCpuSeconds(), await harness.stats()];
        checkClean(id, result);
        result.workerdCpuMsPerRequest = ((cpuAfter - cpuBefore) * 1000) / result.requests;
        result.upstashCallsPerRequest =
          ((statsAfter.bridge?.requests ?? 0) - (statsBefore.bridge?.requests ?? 0)) / result.requests;
        closed[connections]?.[id].push(result);
        log(
          `closed c=${connections} round ${round + 1} ${id}: ${result.rps.toFixed(0)} req/s, workerd ${result.workerdCpuMsPerRequest.toFixed(3)} ms CPU/request, ${result.upstashCallsPerRequest.toFixed(3)} Upstash calls/request`,
        );
      }
      await stop();
    }
  }
  const maxConnections = Math.max(...cfg.connections);
  const maxOf = (id: ClosedId) =>
    median((closed[maxConnections] as Record<ClosedId, ClosedLoopResult[]>)[id].map((r) => r.rps));
  const rate = Math.max(20, Math.round(maxOf("V1") / 2));
  // A variant whose own maximum is below the common rate would only queue up (seconds of
  // latency, and a backlog that spills into the next run): it is measured at 50 % of its own max
  // instead, and the table says so.
  const rateFor = (id: VariantId) =>
    maxOf(id) >= rate * 1.25 ? rate : Math.max(10, Math.round(maxOf(id) / 2));
  const openOpts = { drainMs: quick ? 3_000 : 10_000, timeoutMs: 5_000 };

  // 2. Open loop at 50 % of V1's max, interleaved.
  // 2b. Idle: V1 and V3 with and without group commit at 10 % of V1's max, in the same rounds.
  const idleRate = Math.max(10, Math.round(maxOf("V1") / 10));
  const open: Record<VariantId, OpenLoopResult[]> = { V0: [], V1: [], V2: [], V3: [] };
  const idle: Record<IdleId, OpenLoopResult[]> = { V1: [], "V3-no-gc": [], V3: [] };
  for (let round = 0; round < cfg.rounds; round++) {
    const { urls, stop } = await startRound();
    for (const id of IDLE_VARIANTS) {
      await openLoop({ url: urls[id], headers, rate: idleRate, durationS: cfg.warmS, ...openOpts });
      const result = await openLoop({
        url: urls[id],
        headers,
        rate: idleRate,
        durationS: cfg.openS,
        ...openOpts,
      });
      checkClean(`${id} (idle)`, result);
      idle[id].push(result);
      log(`idle ${result.rate}/s round ${round + 1} ${id}: p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms`);
    }
    for (const id of VARIANTS) {
      await openLoop({ url: urls[id], headers, rate: rateFor(id), durationS: cfg.warmS, ...openOpts });
      const result = await openLoop({
        url: urls[id],
        headers,
        rate: rateFor(id),
        durationS: cfg.openS,
        ...openOpts,
      });
      checkClean(id, result);
      open[id].push(result);
      log(
        `open ${result.rate}/s round ${round + 1} ${id}: p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, answered ${result.answered}/${result.sent + result.dropped}`,
      );
    }
    await stop();
  }
  const v3Rate = rateFor("V3");

  // 3. Counters per request, V3 (instrumented copy of the same Worker) at steady state.
  const countedUrl = v3counted.url + PATH;
  await openLoop({ url: countedUrl, headers, rate: v3Rate, durationS: cfg.warmS, ...openOpts });
  await new Promise((resolve) => setTimeout(resolve, 500));
  const [workerBefore, stackBefore] = [await v3counted.counters(), await harness.stats()];
  const countedRun = await openLoop({
    url: countedUrl,
    headers,
    rate: v3Rate,
    durationS: cfg.openS,
    ...openOpts,
  });
  const [workerAfter, stackAfter] = [await v3counted.counters(), await harness.stats()];
  checkClean("V3 (counted)", countedRun);
  const delta = (after: Record<string, number>, before: Record<string, number>, key: string) =>
    (after[key] ?? 0) - (before[key] ?? 0);
  const gatewayRequests = delta(workerAfter, workerBefore, "fetch.requests");
  const byHost = (prefix: string) => {
    const out: Record<string, number> = {};
    for (const key of Object.keys(workerAfter)) {
      if (key.startsWith(prefix)) out[key.slice(prefix.length)] = delta(workerAfter, workerBefore, key);
    }
    return out;
  };
  const perRequest = (n: number) => Math.round((n / gatewayRequests) * 1000) / 1000;
  const hotPath = byHost("fetch.fetch.");
  const counters = {
    gatewayRequests,
    // Made while serving requests (the Worker's fetch handler), counted inside the Worker.
    hotPathPostgresHttpQueriesPerRequest: perRequest(hotPath[harness.hosts.neonHttp] ?? 0),
    hotPathRedisHttpCallsPerRequest: perRequest(hotPath[harness.hosts.upstash] ?? 0),
    hotPathUpstreamCallsPerRequest: perRequest(hotPath[harness.hosts.upstream] ?? 0),
    kvReadsPerRequest: perRequest(delta(workerAfter, workerBefore, "fetch.kv.get")),
    kvWritesPerRequest: perRequest(delta(workerAfter, workerBefore, "fetch.kv.put")),
    outgoingFetchesByHostPerRequest: Object.fromEntries(
      Object.entries(byHost("fetch.fetch.")).map(([host, n]) => [host, perRequest(n)]),
    ),
    postgresQueriesAtEndpointPerRequest: perRequest(
      (stackAfter.neonHttp?.queries ?? 0) - (stackBefore.neonHttp?.queries ?? 0),
    ),
    redisHttpRequestsAtBridgePerRequest: perRequest(
      (stackAfter.bridge?.requests ?? 0) - (stackBefore.bridge?.requests ?? 0),
    ),
    redisCommandsAtBridgePerRequest: perRequest(
      (stackAfter.bridge?.commands ?? 0) - (stackBefore.bridge?.commands ?? 0),
    ),
    upstreamRequestsPerRequest: perRequest(
      (stackAfter.upstream?.requests ?? 0) - (stackBefore.upstream?.requests ?? 0),
    ),
    queueMessagesConsumedDuringRun: delta(workerAfter, workerBefore, "queue.messages"),
    queueBatchesDuringRun: delta(workerAfter, workerBefore, "queue.batches"),
    consumerFetchesByHost: byHost("queue.fetch."),
    redisSequentialDepth: 1,
  };
  log(`counters: ${JSON.stringify(counters)}`);

  // 4. Fail-open bound: the same Worker with Redis behind a +delay TCP proxy.
  const slowUrl = v3slow.url + PATH;
  await openLoop({ url: slowUrl, headers, rate: v3Rate, durationS: cfg.warmS, ...openOpts });
  const slow = await openLoop({ url: slowUrl, headers, rate: v3Rate, durationS: cfg.openS, ...openOpts });
  const normalV3P99 = median(open.V3.map((r) => r.p99Ms));
  const failOpen = {
    redisDelayMs: 500,
    redisTimeoutMs: 100,
    rate: v3Rate,
    normalP99Ms: normalV3P99,
    slowP99Ms: slow.p99Ms,
    slowP50Ms: slow.p50Ms,
    boundMs: normalV3P99 + 100,
    allAnswered:
      slow.answered === slow.sent && slow.errors === 0 && slow.dropped === 0 && slow.timedOut === 0,
    statuses: slow.statuses,
    sent: slow.sent,
    answered: slow.answered,
    dropped: slow.dropped,
    timedOut: slow.timedOut,
    met:
      slow.p99Ms <= normalV3P99 + 100 &&
      slow.answered === slow.sent &&
      slow.errors === 0 &&
      slow.dropped === 0 &&
      slow.timedOut === 0,
  };
  log(`fail-open: ${JSON.stringify(failOpen)}`);

  // 5. Rate-limit accuracy. The minute limit is a sliding window over FIXED minutes on the epoch
  // (@upstash/ratelimit weighs the previous minute's count by its overlap), so the windows that
  // are scored are the limiter's own: whole UTC minutes after the driver started. The partial
  // minute the driver started in (a fresh key) is reported apart, and so is the most allowed in
  // ANY 60 s span: the approximation assumes the previous minute's requests were spread evenly,
  // so a key that was idle and then busy at the end of a minute gets more in the 60 s straddling
  // the edge (up to 1.5× at this 2× load, for a key that starts 30 s before a minute edge).
  const WINDOW_MS = 60_000;
  const firstEdge = Math.ceil(accuracyDriver.startedAt / WINDOW_MS) * WINDOW_MS;
  const accuracyEnd = firstEdge + cfg.accuracyWindows * WINDOW_MS;
  if (Date.now() < accuracyEnd)
    log(`waiting ${((accuracyEnd - Date.now()) / 1000).toFixed(0)} s for the rate-limit windows`);
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, accuracyEnd - Date.now() + 1500)));
  accuracyDriver.stop();
  const tally = (from: number, to: number) => {
    const inWindow = accuracyDriver.results.filter((r) => r.at >= from && r.at < to);
    return {
      sent: inWindow.length,
      allowed: inWindow.filter((r) => r.status === 200).length,
      limited: inWindow.filter((r) => r.status === 429).length,
      other: inWindow.filter((r) => r.status !== 200 && r.status !== 429).length,
      allowedFailOpen: inWindow.filter((r) => r.failOpen).length,
      refusedBy: inWindow.reduce<Record<string, number>>((acc, r) => {
        if (r.code) acc[r.code] = (acc[r.code] ?? 0) + 1;
        return acc;
      }, {}),
    };
  };
  const windows = Array.from({ length: cfg.accuracyWindows }, (_, i) => {
    const from = firstEdge + i * WINDOW_MS;
    return { window: i + 1, startsAt: new Date(from).toISOString(), ...tally(from, from + WINDOW_MS) };
  });
  const allowedAt = accuracyDriver.results
    .filter((r) => r.status === 200 && r.at < accuracyEnd)
    .map((r) => r.at)
    .sort((a, b) => a - b);
  let worstSpan = 0;
  for (let start = 0, end = 0; start < allowedAt.length; start++) {
    while (end < allowedAt.length && (allowedAt[end] as number) < (allowedAt[start] as number) + WINDOW_MS)
      end++;
    worstSpan = Math.max(worstSpan, end - start);
  }
  const errors = windows.map((w) => Math.abs(w.allowed - ACCURACY_LIMIT) / ACCURACY_LIMIT);
  const accuracy = {
    limitPerMinute: ACCURACY_LIMIT,
    burst: ACCURACY_LIMIT,
    drivenPerMinute: 2 * ACCURACY_LIMIT,
    windows,
    partialFirstMinute: {
      seconds: Math.round((firstEdge - accuracyDriver.startedAt) / 1000),
      ...tally(accuracyDriver.startedAt, firstEdge),
    },
    mostAllowedInAny60s: worstSpan,
    meanErrorPct: round1((errors.reduce((a, b) => a + b, 0) / errors.length) * 100),
    worstWindowErrorPct: round1(Math.max(...errors) * 100),
    windowsBelowLimit: windows.filter((w) => w.allowed < ACCURACY_LIMIT).length,
  };
  log(`accuracy: ${JSON.stringify(accuracy)}`);

  // 6. Request-log ingestion and analytics at 1M/10M seeded rows (bench/src/analytics-report.ts).
  const pipeline = await measurePipeline(quick, log);

  // 7. The new paths' budgets (issue #18 item 3): webhook deliveries through the queue and the
  // hourly usage report, each on a fresh workerd per round (bench/src/webhooks.ts, usage-report.ts).
  const newPaths = await measureNewPaths(harness, quick, log);

  const report: BenchReport = {
    startedAt: new Date(startedAt).toISOString(),
    mode: quick ? "quick" : "full",
    command: quick ? "pnpm bench --quick" : "pnpm bench",
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? "unknown",
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      loadAverageAtStart: loadBefore.map((n) => n.toFixed(2)).join(" "),
      loadAverageAtEnd: os
        .loadavg()
        .map((n) => n.toFixed(2))
        .join(" "),
      kernel: os.release(),
      workerd: "miniflare 5.20261117.0-beta (workerd 1.20261117.1)",
    },
    config: { ...cfg, path: PATH, openLoopRate: rate, idleRate },
    closed,
    open,
    idle,
    counters,
    failOpen,
    accuracy,
    spaBundles,
    startup,
    pipeline,
    ...newPaths,
  };
  await mkdir(join(BENCH_ROOT, "results"), { recursive: true });
  const stamp = report.startedAt.replace(/[:.]/g, "-");
  const markdown = renderMarkdown(report);
  const svg = renderSvg(report);
  for (const name of [stamp, "latest"]) {
    await writeFile(join(BENCH_ROOT, "results", `${name}.json`), `${JSON.stringify(report, null, 2)}\n`);
    await writeFile(join(BENCH_ROOT, "results", `${name}.md`), markdown);
    await writeFile(join(BENCH_ROOT, "results", `${name}.svg`), svg);
  }
  console.log(`\n${markdown}`);
  log(`wrote bench/results/${stamp}.{json,md,svg} and latest.*`);
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await harness.close();
}
process.exit(failed ? 1 : 0);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
