// The Worker's cold start (issue #18): the bundle `wrangler deploy` would upload (raw and gzip)
// and `wrangler check startup`'s CPU profile of the global scope — what every new isolate runs
// before its first request. Budget: ≤ 50 ms active (not idle) in the profile, the best of
// STARTUP_RUNS profiles (on a shared machine the other load only ever adds time). And the first
// gateway request of a fresh isolate against a warm isolate's (≤ 1.5×, for a key already in KV).
// Run alone: `node bench/src/startup.ts [--first-request-only]`.
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { workerdThreadCpuMs } from "./cpu.ts";
import type { Harness, Variant } from "./harness.ts";

const REPO_ROOT = join(import.meta.dirname, "..", "..");
const WRANGLER = join(REPO_ROOT, "node_modules", ".bin", "wrangler");
export const STARTUP_BUDGET_MS = 50;
export const FIRST_REQUEST_BUDGET = 1.5;
const STARTUP_RUNS = 3;

export interface StartupReport {
  bundleBytes: number;
  bundleGzipBytes: number;
  /** The startup profile's duration (its end time − start time; idle before the script included). */
  startupMs: number;
  /** The profile's non-idle time: script, compilation ((program)) and garbage collection. */
  activeMs: number;
  /** The time in samples that were not (idle)/(program)/(garbage collector). */
  scriptMs: number;
  /** The largest self-time functions, for the notes. */
  top: string[];
  budgetMs: number;
  /** Set by `measureFirstRequest` when the bench's harness is up. */
  firstRequest?: FirstRequestReport;
}

/**
 * A fresh isolate's first request and a warm isolate's first request for another key, medians:
 * wall-clock ms at the client, and the CPU ms workerd's threads used for it (which the machine's
 * other load inflates far less than wall-clock time).
 */
export interface FirstRequestCase {
  freshMs: number;
  warmOtherKeyMs: number;
  freshCpuMs: number;
  warmOtherKeyCpuMs: number;
}

export interface FirstRequestReport {
  rounds: number;
  /**
   * The production case, which the budget applies to: the key's record is already in KV (another
   * isolate looked it up before), so neither request reaches Postgres.
   */
  keyInKv: FirstRequestCase;
  /** The key is in no cache: both requests read KV, miss, and look the key up in Postgres. */
  keyNowhere: FirstRequestCase;
  /**
   * The runtime's floor under the key-in-KV case (`worker/first-request-floor.ts`: the same I/O,
   * none of our code), measured the same way in the same rounds.
   */
  floorKeyInKv: FirstRequestCase;
  /** A warm isolate's request for a key its own cache holds, median ms. */
  warmMs: number;
  budget: number;
}

export function runWrangler(args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(WRANGLER, args, { cwd, env: { ...process.env, CI: "true" } });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0
        ? resolve(output)
        : reject(new Error(`wrangler ${args.join(" ")} exited ${code}:\n${output}`)),
    );
  });
}

export interface Profile {
  startTime: number;
  endTime: number;
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

export async function measureStartup(): Promise<StartupReport> {
  const dir = await mkdtemp(join(tmpdir(), "edgegate-startup-"));
  // wrangler.toml serves the admin SPA's build as static assets; the Worker's bundle does not
  // depend on it, but wrangler refuses to bundle without the folder.
  await mkdir(join(REPO_ROOT, "admin-spa", "dist"), { recursive: true });
  try {
    await runWrangler(["deploy", "--dry-run", "--outdir", join(dir, "bundle")], REPO_ROOT);
    const files = (await readdir(join(dir, "bundle"))).filter((f) => /\.(m?js|wasm)$/.test(f));
    let bundleBytes = 0;
    let bundleGzipBytes = 0;
    for (const file of files) {
      const content = await readFile(join(dir, "bundle", file));
      bundleBytes += (await stat(join(dir, "bundle", file))).size;
      bundleGzipBytes += gzipSync(content, { level: 9 }).length;
    }
    let best: Omit<StartupReport, "bundleBytes" | "bundleGzipBytes" | "budgetMs"> | undefined;
    for (let run_ = 0; run_ < STARTUP_RUNS; run_++) {
      const outfile = join(dir, `startup-${run_}.cpuprofile`);
      await runWrangler(["check", "startup", "--outfile", outfile], REPO_ROOT);
      const profiled = readProfile(JSON.parse(await readFile(outfile, "utf8")) as Profile);
      if (!best || profiled.activeMs < best.activeMs) best = profiled;
    }
    return {
      bundleBytes,
      bundleGzipBytes,
      ...(best as NonNullable<typeof best>),
      budgetMs: STARTUP_BUDGET_MS,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function readProfile(profile: Profile) {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  let scriptUs = 0;
  let idleUs = 0;
  profile.samples.forEach((id, index) => {
    const frame = byNode.get(id)?.callFrame;
    const dt = profile.timeDeltas[index] ?? 0;
    const name = frame?.functionName ?? "";
    if (name === "(idle)") idleUs += dt;
    if (["(idle)", "(program)", "(garbage collector)"].includes(name)) return;
    scriptUs += dt;
    const key = `${name || "(anonymous)"} ${frame?.url.split("/").at(-1) ?? ""}:${(frame?.lineNumber ?? 0) + 1}`;
    self.set(key, (self.get(key) ?? 0) + dt);
  });
  const windowUs = profile.endTime - profile.startTime;
  return {
    startupMs: windowUs / 1000,
    activeMs: (windowUs - idleUs) / 1000,
    scriptMs: scriptUs / 1000,
    top: [...self.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10)
      .map(([name, us]) => `${(us / 1000).toFixed(1)} ms ${name}`),
  };
}

/** workerd finishes a request's background work (queue send) shortly after its response. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/**
 * Locally workerd evaluates the script when it loads, before any request, so what a fresh
 * isolate's first request adds here is what is built on first use (config, services, the lazy
 * modules) and cold code. Each round measures two cases on fresh workerd processes:
 * - key in KV (the budget's case): in production a key that is in use has been looked up by some
 *   isolate before, so a new isolate finds its record in KV. A primer Worker looks two new keys up
 *   (writing both records to KV) and stops; a fresh Worker sharing its KV (`persistPath`) then
 *   serves key A first, and after warming up serves key B for the first time (a KV hit in a warm
 *   isolate). Neither touches Postgres.
 * - key nowhere: a fresh Worker with an empty KV serves key A first (KV miss, Postgres lookup and
 *   the database module's first load) and, warm, key B (the same misses, module already loaded).
 * And the key-in-KV case once more on the runtime's floor (`worker/first-request-floor.ts`).
 */
export async function measureFirstRequest(harness: Harness, rounds = 5): Promise<FirstRequestReport> {
  type Sample = { wall: number; cpu: number };
  const samples = {
    inKv: { fresh: [] as Sample[], warm: [] as Sample[] },
    floor: { fresh: [] as Sample[], warm: [] as Sample[] },
    nowhere: { fresh: [] as Sample[], warm: [] as Sample[] },
  };
  const cached: number[] = [];
  const timed = async (url: string, key: string) => {
    const started = performance.now();
    const response = await fetch(url, { headers: { "X-API-Key": key, "CF-Connecting-IP": "203.0.113.5" } });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`first-request check answered ${response.status}`);
    return performance.now() - started;
  };
  /** Wall time, and workerd's CPU until it has settled (the request event's queue send included). */
  const measured = async (url: string, key: string): Promise<Sample> => {
    await settle();
    const cpuBefore = workerdThreadCpuMs();
    const wall = await timed(url, key);
    await settle();
    return { wall, cpu: workerdThreadCpuMs() - cpuBefore };
  };
  const newKeys = () =>
    Promise.all([
      harness.createKey({ perMinute: 100_000, burst: 100_000 }),
      harness.createKey({ perMinute: 100_000, burst: 100_000 }),
    ]);
  /** The fresh Worker's first request for `a`, then (warm) its first for `b`, then `a` cached. */
  const freshThenWarm = async (variant: Variant, persistPath: string | undefined, a: string, b: string) => {
    const worker = await harness.startWorker(variant, { persistPath });
    try {
      const url = `${worker.url}/v1/bytes/256`;
      const fresh = await measured(url, a);
      for (let i = 0; i < 50; i++) await timed(url, a);
      const warmOtherKey = await measured(url, b);
      const cachedKey: number[] = [];
      for (let i = 0; i < 21; i++) cachedKey.push(await timed(url, a));
      return { fresh, warmOtherKey, cached: median(cachedKey) };
    } finally {
      await worker.dispose();
    }
  };
  for (let round = 0; round < rounds; round++) {
    const persistPath = await mkdtemp(join(tmpdir(), "edgegate-first-request-kv-"));
    try {
      const [a, b] = await newKeys();
      const primer = await harness.startWorker("gateway", { persistPath });
      try {
        for (const key of [a, b]) await timed(`${primer.url}/v1/bytes/256`, key.key);
      } finally {
        await primer.dispose();
      }
      const inKv = await freshThenWarm("gateway", persistPath, a.key, b.key);
      samples.inKv.fresh.push(inKv.fresh);
      samples.inKv.warm.push(inKv.warmOtherKey);
      cached.push(inKv.cached);
      const floor = await freshThenWarm("first-request-floor", persistPath, a.key, b.key);
      samples.floor.fresh.push(floor.fresh);
      samples.floor.warm.push(floor.warmOtherKey);
    } finally {
      await rm(persistPath, { recursive: true, force: true });
    }
    const [c, d] = await newKeys();
    const nowhere = await freshThenWarm("gateway", undefined, c.key, d.key);
    samples.nowhere.fresh.push(nowhere.fresh);
    samples.nowhere.warm.push(nowhere.warmOtherKey);
    cached.push(nowhere.cached);
  }
  const summary = ({ fresh, warm }: { fresh: Sample[]; warm: Sample[] }): FirstRequestCase => ({
    freshMs: median(fresh.map((s) => s.wall)),
    warmOtherKeyMs: median(warm.map((s) => s.wall)),
    freshCpuMs: median(fresh.map((s) => s.cpu)),
    warmOtherKeyCpuMs: median(warm.map((s) => s.cpu)),
  });
  return {
    rounds,
    keyInKv: summary(samples.inKv),
    keyNowhere: summary(samples.nowhere),
    floorKeyInKv: summary(samples.floor),
    warmMs: median(cached),
    budget: FIRST_REQUEST_BUDGET,
  };
}

export function renderStartupMarkdown(report: StartupReport | undefined): string {
  if (!report) return "";
  const KiB = 1024;
  return [
    "#### Worker cold start",
    "",
    `\`wrangler deploy --dry-run\` bundle and \`wrangler check startup\`'s CPU profile of the global scope (what a new isolate runs before its first request), the best of ${STARTUP_RUNS} profiles. Active = the profile's window minus its idle time (script, compilation and GC).`,
    "",
    "| bundle | gzip | profile window | active | of which script | budget (active) | |",
    "|--:|--:|--:|--:|--:|--:|---|",
    `| ${(report.bundleBytes / KiB).toFixed(0)} KiB | ${(report.bundleGzipBytes / KiB).toFixed(0)} KiB | ${report.startupMs.toFixed(1)} ms | ${report.activeMs.toFixed(1)} ms | ${report.scriptMs.toFixed(1)} ms | ≤ ${report.budgetMs} ms | ${report.activeMs <= report.budgetMs ? "met" : "**missed**"} |`,
    "",
    `Largest self time at startup: ${report.top.join("; ")}.`,
    "",
    ...renderFirstRequest(report.firstRequest),
  ].join("\n");
}

function renderFirstRequest(first: FirstRequestReport | undefined): string[] {
  if (!first) return [];
  const row = (name: string, c: FirstRequestCase, budgeted: boolean) => {
    const ratio = c.freshMs / c.warmOtherKeyMs;
    const budget = budgeted
      ? `≤ ${first.budget}×: ${ratio <= first.budget ? "met" : "**missed**"}`
      : "(not budgeted)";
    const shown = budgeted ? `**${ratio.toFixed(2)}×**` : `${ratio.toFixed(2)}×`;
    return `| ${name} | ${c.freshMs.toFixed(1)} ms | ${c.warmOtherKeyMs.toFixed(1)} ms | ${shown} | ${budget} | ${c.freshCpuMs.toFixed(1)} ms | ${c.warmOtherKeyCpuMs.toFixed(1)} ms | ${(c.freshCpuMs / c.warmOtherKeyCpuMs).toFixed(2)}× |`;
  };
  return [
    `First gateway request (\`GET /v1/bytes/256\`, medians of ${first.rounds} rounds, each on fresh workerd processes): a fresh isolate's first request against a warm isolate's first request for another key in the same place, at the client (wall) and in workerd's threads (CPU). Key in KV is production's usual case (another isolate looked the key up before) and carries the budget; key nowhere reads KV, misses and queries Postgres; the floor is the key-in-KV case with the same I/O and none of our code. A warm isolate's request for a key it holds: ${first.warmMs.toFixed(1)} ms.`,
    "",
    "| the key | fresh, wall | warm, other key, wall | fresh ÷ warm | budget | fresh, CPU | warm, other key, CPU | fresh ÷ warm, CPU |",
    "|---|--:|--:|--:|---|--:|--:|--:|",
    row("in KV", first.keyInKv, true),
    row("nowhere (Postgres)", first.keyNowhere, false),
    row("in KV, the runtime's floor (`worker/first-request-floor.ts`)", first.floorKeyInKv, false),
    "",
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const report: StartupReport = process.argv.includes("--first-request-only")
    ? { bundleBytes: 0, bundleGzipBytes: 0, startupMs: 0, activeMs: 0, scriptMs: 0, top: [], budgetMs: 0 }
    : await measureStartup();
  const { startHarness } = await import("./harness.ts");
  const harness = await startHarness();
  try {
    report.firstRequest = await measureFirstRequest(harness);
  } finally {
    await harness.close();
  }
  console.log(JSON.stringify(report, null, 2));
  console.log(renderStartupMarkdown(report));
}
