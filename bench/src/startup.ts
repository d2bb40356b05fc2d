// The Worker's cold start (issue #18): the bundle `wrangler deploy` would upload (raw and gzip)
// and `wrangler check startup`'s CPU profile of the global scope — what every new isolate runs
// before its first request. Budget: ≤ 50 ms of profiled startup. Run alone:
// `node bench/src/startup.ts`.
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const REPO_ROOT = join(import.meta.dirname, "..", "..");
const WRANGLER = join(REPO_ROOT, "node_modules", ".bin", "wrangler");
export const STARTUP_BUDGET_MS = 50;

export interface StartupReport {
  bundleBytes: number;
  bundleGzipBytes: number;
  /** The startup profile's duration (its end time − start time). */
  startupMs: number;
  /** The time in samples that were not (idle)/(program)/(garbage collector). */
  scriptMs: number;
  /** The largest self-time functions, for the notes. */
  top: string[];
  budgetMs: number;
}

function run(args: string[], cwd: string): Promise<string> {
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

interface Profile {
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
    await run(["deploy", "--dry-run", "--outdir", join(dir, "bundle")], REPO_ROOT);
    const files = (await readdir(join(dir, "bundle"))).filter((f) => /\.(m?js|wasm)$/.test(f));
    let bundleBytes = 0;
    let bundleGzipBytes = 0;
    for (const file of files) {
      const content = await readFile(join(dir, "bundle", file));
      bundleBytes += (await stat(join(dir, "bundle", file))).size;
      bundleGzipBytes += gzipSync(content, { level: 9 }).length;
    }
    const outfile = join(dir, "startup.cpuprofile");
    await run(["check", "startup", "--outfile", outfile], REPO_ROOT);
    const profile = JSON.parse(await readFile(outfile, "utf8")) as Profile;
    const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
    const self = new Map<string, number>();
    let scriptUs = 0;
    profile.samples.forEach((id, index) => {
      const frame = byNode.get(id)?.callFrame;
      const dt = profile.timeDeltas[index] ?? 0;
      const name = frame?.functionName ?? "";
      if (["(idle)", "(program)", "(garbage collector)"].includes(name)) return;
      scriptUs += dt;
      const key = `${name || "(anonymous)"} ${frame?.url.split("/").at(-1) ?? ""}:${(frame?.lineNumber ?? 0) + 1}`;
      self.set(key, (self.get(key) ?? 0) + dt);
    });
    return {
      bundleBytes,
      bundleGzipBytes,
      startupMs: (profile.endTime - profile.startTime) / 1000,
      scriptMs: scriptUs / 1000,
      top: [...self.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 10)
        .map(([name, us]) => `${(us / 1000).toFixed(1)} ms ${name}`),
      budgetMs: STARTUP_BUDGET_MS,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function renderStartupMarkdown(report: StartupReport | undefined): string {
  if (!report) return "";
  const KiB = 1024;
  return [
    "#### Worker cold start",
    "",
    "`wrangler deploy --dry-run` bundle and `wrangler check startup`'s CPU profile of the global scope (what a new isolate runs before its first request).",
    "",
    "| bundle | gzip | startup profile | of which script | budget | |",
    "|--:|--:|--:|--:|--:|---|",
    `| ${(report.bundleBytes / KiB).toFixed(0)} KiB | ${(report.bundleGzipBytes / KiB).toFixed(0)} KiB | ${report.startupMs.toFixed(1)} ms | ${report.scriptMs.toFixed(1)} ms | ≤ ${report.budgetMs} ms | ${report.startupMs <= report.budgetMs ? "met" : "**missed**"} |`,
    "",
    `Largest self time at startup: ${report.top.join("; ")}.`,
    "",
  ].join("\n");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const report = await measureStartup();
  console.log(JSON.stringify(report, null, 2));
  console.log(renderStartupMarkdown(report));
}
