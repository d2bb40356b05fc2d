// `node bench/src/split-startup.ts [--runs N]` (diagnostic, not part of `pnpm bench`): would the
// gateway start faster if the admin API, the queue consumers and the jobs were modules of their
// own instead of being inlined into the one script? Bundles the Worker twice with the benchmark's
// esbuild options — one file (dynamic imports inlined, as wrangler does today) and with esbuild's
// code splitting (every dynamic import its own chunk, shared code in shared chunks) — and profiles
// each with `wrangler check startup` from a throwaway wrangler config that uploads the files as
// they are (`no_bundle`, `find_additional_modules`, an ESModule rule), interleaved, N runs each.
// If workerd compiled every uploaded module at start-up, the two would start alike.
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { WORKER_BUILD_OPTIONS } from "./harness.ts";
import { type Profile, readProfile, runWrangler } from "./startup.ts";

const REPO_ROOT = join(import.meta.dirname, "..", "..");
const runsIndex = process.argv.indexOf("--runs");
const runs = runsIndex === -1 ? 7 : Number(process.argv[runsIndex + 1]);

// wrangler.toml without the SPA's assets, serving the prebuilt files in dist/ as they are.
const toml = (await readFile(join(REPO_ROOT, "wrangler.toml"), "utf8"))
  .replace(/\[assets\][\s\S]*$/, "")
  .replace(
    /^main = .*$/m,
    'main = "dist/index.js"\nno_bundle = true\nfind_additional_modules = true\nbase_dir = "dist"\n' +
      'rules = [{ type = "ESModule", globs = ["**/*.js"], fallthrough = false }]',
  );

const root = await mkdtemp(join(tmpdir(), "edgegate-split-"));
try {
  const variants = { "one file": {}, split: { splitting: true, chunkNames: "chunks/[name]-[hash]" } };
  const active: Record<string, number[]> = {};
  for (const [name, options] of Object.entries(variants)) {
    const dir = join(root, name.replace(" ", "-"));
    await build({
      ...WORKER_BUILD_OPTIONS,
      ...options,
      entryPoints: { index: join(REPO_ROOT, "gateway-worker", "src", "index.ts") },
      outdir: join(dir, "dist"),
    });
    await writeFile(join(dir, "wrangler.toml"), toml);
    const files = (await readdir(join(dir, "dist"), { recursive: true })).filter((f) => f.endsWith(".js"));
    let total = 0;
    for (const file of files) total += (await stat(join(dir, "dist", file))).size;
    const entry = (await stat(join(dir, "dist", "index.js"))).size;
    console.log(
      `${name}: ${files.length} modules, ${(total / 1024).toFixed(0)} KiB, entry ${(entry / 1024).toFixed(0)} KiB`,
    );
    active[name] = [];
  }
  for (let run = 0; run < runs; run++) {
    for (const name of Object.keys(variants)) {
      const dir = join(root, name.replace(" ", "-"));
      const outfile = join(dir, `startup-${run}.cpuprofile`);
      await runWrangler(
        ["check", "startup", "--config", join(dir, "wrangler.toml"), "--outfile", outfile],
        dir,
      );
      active[name]?.push(readProfile(JSON.parse(await readFile(outfile, "utf8")) as Profile).activeMs);
    }
  }
  for (const [name, values] of Object.entries(active)) {
    const sorted = [...values].sort((a, b) => a - b);
    console.log(
      `${name}: active ms min ${sorted[0]?.toFixed(1)}, median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(1)} (${values.map((v) => v.toFixed(0)).join(" ")})`,
    );
  }
} finally {
  await rm(root, { recursive: true, force: true });
}
