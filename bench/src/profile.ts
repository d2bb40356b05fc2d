// `node bench/src/profile.ts [--seconds N] [--rounds N] [--cpu-profile [V2|V3]]`: where the CPU
// goes (diagnostic, not part of `pnpm bench`). Runs V1, F2, V2, F3, V3 without its queue and V3
// interleaved under the same closed loop, each in a fresh workerd process per round, and reads
// every process's CPU time from /proc around each run, so a variant's cost splits into workerd
// (ours + the runtime), the Upstash bridge and Neon endpoints (the "data" child: on Upstash's and
// Neon's machines in production), the demo upstream and the load generator. F2 and F3 are the
// runtime's floor under V2 and V3 (bench/worker/floor.ts). With --cpu-profile it also takes a V8
// CPU profile of V3's (or V2's) isolate through workerd's inspector (Chrome DevTools protocol)
// and prints the top self-time functions; the raw profile is written to
// bench/results/v3.cpuprofile or v2.cpuprofile (opens in Chrome DevTools → Performance).
import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { cpuByPid } from "./cpu.ts";
import { BASELINE_ROOT, BENCH_ROOT, CLIENT_IP, startHarness, type Variant } from "./harness.ts";
import { closedLoop } from "./load.ts";

const arg = (name: string, fallback: number) => {
  const index = process.argv.indexOf(name);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
};
const seconds = arg("--seconds", 4);
const rounds = arg("--rounds", 3);
const connections = arg("--connections", 32);
// `--cpu-profile [V2|V3]`: which variant's isolate to profile (V3 when no variant is named).
const profileIndex = process.argv.indexOf("--cpu-profile");
const profiled =
  profileIndex === -1
    ? null
    : /^V[23]$/.test(process.argv[profileIndex + 1] ?? "")
      ? (process.argv[profileIndex + 1] as string)
      : "V3";
const wantProfile = profiled !== null;
// `--only V1,V2,V3`: run only these variants (V1 is always kept: it is every ratio's baseline).
// With BENCH_BASELINE_ROOT set (harness.ts), "V2 base" and "V3 base" run another checkout's V2
// and V3 in the same rounds, each right before this checkout's.
const onlyIndex = process.argv.indexOf("--only");
const only = onlyIndex === -1 ? null : new Set(["V1", ...(process.argv[onlyIndex + 1] ?? "").split(",")]);
const INSPECTOR_PORT = 9329;
const PATH = "/v1/bytes/256";

/** Our process tree's pids, labelled: load generator (us), workerd, upstream, data. */
function labelTree(snapshot: ReturnType<typeof cpuByPid>, roles: Map<number, string>) {
  const labels = new Map<number, string>([[process.pid, "load generator + harness"]]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, info] of snapshot) {
      if (labels.has(pid) || !labels.has(info.ppid)) continue;
      const role = roles.get(pid);
      labels.set(
        pid,
        role ?? (info.comm.startsWith("workerd") ? "workerd" : (labels.get(info.ppid) as string)),
      );
      grew = true;
    }
  }
  return labels;
}

function cpuDelta(
  before: ReturnType<typeof cpuByPid>,
  after: ReturnType<typeof cpuByPid>,
  labels: Map<number, string>,
) {
  const byLabel: Record<string, number> = {};
  for (const [pid, label] of labels) {
    const delta = (after.get(pid)?.cpu ?? 0) - (before.get(pid)?.cpu ?? 0);
    byLabel[label] = (byLabel[label] ?? 0) + delta;
  }
  let machine = 0;
  for (const [pid, info] of after) machine += info.cpu - (before.get(pid)?.cpu ?? info.cpu);
  byLabel["everything else on the machine"] = machine - Object.values(byLabel).reduce((a, b) => a + b, 0);
  return byLabel;
}

async function cpuProfile(durationMs: number, during: () => Promise<unknown>) {
  const targets = (await (await fetch(`http://127.0.0.1:${INSPECTOR_PORT}/json`)).json()) as {
    webSocketDebuggerUrl: string;
    title: string;
  }[];
  const target = targets.find((t) => t.title.includes("bench-")) ?? targets[0];
  if (!target) throw new Error("no inspector target");
  const ws = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = reject;
  });
  let nextId = 1;
  const waiting = new Map<number, (result: unknown) => void>();
  ws.onmessage = (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
    if (message.id !== undefined) waiting.get(message.id)?.(message.result);
  };
  const send = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<unknown>((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      ws.send(JSON.stringify({ id, method, params }));
    });
  await send("Profiler.enable");
  await send("Profiler.setSamplingInterval", { interval: 200 });
  await send("Profiler.start");
  await Promise.all([during(), new Promise((resolve) => setTimeout(resolve, durationMs))]);
  const { profile } = (await send("Profiler.stop")) as { profile: Profile };
  ws.close();
  return profile;
}

interface Profile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    hitCount?: number;
  }[];
  samples: number[];
  timeDeltas: number[];
}

function topSelf(profile: Profile, n: number) {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const node = byNode.get(id);
    const dt = profile.timeDeltas[index] ?? 0;
    total += dt;
    if (!node) return;
    const frame = node.callFrame;
    const file = frame.url.split("/").at(-1) || "(native)";
    const key = `${frame.functionName || "(anonymous)"} ${file}:${frame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + dt);
  });
  return {
    totalMs: total / 1000,
    top: [...self.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => `${((us / total) * 100).toFixed(1).padStart(5)} %  ${name}`),
  };
}

const harness = await startHarness({ flushRedis: true });
try {
  const headers = { "X-API-Key": harness.keys.hot, "CF-Connecting-IP": CLIENT_IP };
  const allVariants: [string, Variant][] = [
    ["V1", "passthrough"],
    // F2, F3: V2's and V3's I/O with none of our code (bench/worker/floor.ts): the runtime's share.
    ["F2", "floor-v2"],
    ...(BASELINE_ROOT ? ([["V2 base", "no-limit-base"]] as [string, Variant][]) : []),
    ["V2", "no-limit"],
    ["F3", "floor-v3"],
    // V3 with the request-logs queue replaced by a no-op: what the local queue simulator costs.
    ["V3 no queue", "no-queue"],
    // V3 with every Upstash call sent by its own request (as before group commit, issue #18).
    ["V3 no group commit", "no-group-commit"],
    ...(BASELINE_ROOT ? ([["V3 base", "gateway-base"]] as [string, Variant][]) : []),
    ["V3", "gateway"],
  ];
  const variants = allVariants.filter(([id]) => only === null || only.has(id));
  // Which child is which: the harness forks "upstream" first, then "data".
  const roles = new Map<number, string>();
  for (const [pid, info] of cpuByPid()) {
    if (info.ppid !== process.pid || info.comm.startsWith("workerd")) continue;
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    if (cmdline.includes("services-process")) {
      roles.set(
        pid,
        cmdline.includes("upstream") ? "demo upstream" : "data (Upstash bridge, Neon endpoints)",
      );
    }
  }
  const rows: Record<string, { rps: number; cpuMsPerRequest: Record<string, number> }[]> = Object.fromEntries(
    variants.map(([id]) => [id, []]),
  );
  for (let round = 0; round < rounds; round++) {
    for (const [id, variant] of variants) {
      // A fresh workerd process per variant per round: identical Workers in separate processes
      // ran up to ±15 % apart for the life of the process (NOTES.md).
      const worker = await harness.startWorker(variant);
      const url = worker.url + PATH;
      await closedLoop({ url, headers, connections, durationS: 1 });
      const statsBefore = await harness.stats();
      const before = cpuByPid();
      const result = await closedLoop({ url, headers, connections, durationS: seconds });
      const after = cpuByPid();
      const statsAfter = await harness.stats();
      await worker.dispose();
      if (result.non2xx + result.errors > 0)
        throw new Error(`${id} failed requests: ${JSON.stringify(result)}`);
      const bridgeCalls = (statsAfter.bridge?.requests ?? 0) - (statsBefore.bridge?.requests ?? 0);
      const byLabel = cpuDelta(before, after, labelTree(after, roles));
      const perRequest = Object.fromEntries(
        Object.entries(byLabel).map(([label, s]) => [label, Math.round((s * 1e6) / result.requests) / 1000]),
      );
      rows[id]?.push({ rps: Math.round(result.rps), cpuMsPerRequest: perRequest });
      console.log(
        `round ${round + 1} ${id}: ${result.rps.toFixed(0)} req/s, ${(bridgeCalls / result.requests).toFixed(2)} Upstash calls/request, CPU ms/request ${JSON.stringify(perRequest)}`,
      );
    }
  }
  const median = (values: number[]) =>
    values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
  console.log("\nmedians (CPU ms per request):");
  for (const [id, runs] of Object.entries(rows)) {
    const labels = Object.keys(runs[0]?.cpuMsPerRequest ?? {});
    const cpu = labels.map((label) => `${label} ${median(runs.map((r) => r.cpuMsPerRequest[label] ?? 0))}`);
    console.log(`${id}: ${median(runs.map((r) => r.rps))} req/s; ${cpu.join("; ")}`);
  }
  // Within each round, each variant's workerd CPU per request over V1's: the runtime's share
  // (F over V1) and ours (V over F), free of the machine's drift between rounds.
  const workerdRatio = (id: string) =>
    median(
      (rows[id] ?? []).map(
        (r, round) => (r.cpuMsPerRequest.workerd ?? 0) / (rows.V1?.[round]?.cpuMsPerRequest.workerd ?? 1),
      ),
    ).toFixed(2);
  console.log(
    `\nworkerd CPU per request, x V1 (median of rounds): ${variants.map(([id]) => `${id} ${workerdRatio(id)}`).join(", ")}`,
  );
  if (wantProfile) {
    const variant = (allVariants.find(([id]) => id === profiled) as [string, Variant])[1];
    const worker = await harness.startWorker(variant, { inspectorPort: INSPECTOR_PORT });
    const url = worker.url + PATH;
    await closedLoop({ url, headers, connections, durationS: 1 });
    const profile = await cpuProfile(seconds * 1000, () =>
      closedLoop({ url, headers, connections, durationS: seconds }),
    );
    await worker.dispose();
    const file = `${(profiled as string).toLowerCase()}.cpuprofile`;
    await writeFile(join(BENCH_ROOT, "results", file), JSON.stringify(profile));
    const { totalMs, top } = topSelf(profile, 40);
    console.log(
      `\n${profiled} isolate CPU profile (${file}): ${totalMs.toFixed(0)} ms sampled; top self time:\n${top.join("\n")}`,
    );
  }
} finally {
  await harness.close();
}
process.exit(0);
