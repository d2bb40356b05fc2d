// `pnpm reliability [--long] [--soak-seconds N] [--rps N]`: the reliability suite on the real local
// stack; writes bench/results/reliability-<stamp>.md/.json and reliability-latest.* (the short form
// writes test-results/reliability-short.* instead, so a quick run does not replace the long figures).
// Exits non-zero when any fault was not survived, an event was lost or double counted, a 5xx was
// answered, or a secret was found at rest in clear.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { BENCH_ROOT } from "../harness.ts";
import { renderMarkdown } from "./report.ts";
import { runSuite } from "./suite.ts";

const args = process.argv.slice(2);
const option = (name: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : undefined;
};
const long = args.includes("--long");
const started = Date.now();
const result = await runSuite({
  long,
  ...(option("--soak-seconds") ? { soakS: option("--soak-seconds") } : {}),
  ...(option("--rps") ? { soakRps: option("--rps") } : {}),
  log: (line) => console.log(`[reliability +${((Date.now() - started) / 1000).toFixed(0)}s] ${line}`),
});
const markdown = renderMarkdown(result);
const dir = long ? join(BENCH_ROOT, "results") : join(BENCH_ROOT, "..", "test-results");
await mkdir(dir, { recursive: true });
const stamp = result.startedAt.replace(/[:.]/g, "-");
const names = long ? [`reliability-${stamp}`, "reliability-latest"] : ["reliability-short"];
for (const name of names) {
  await writeFile(join(dir, `${name}.md`), markdown);
  await writeFile(join(dir, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
}
console.log(`\n${markdown}`);
console.log(`written: ${names.map((n) => join(dir, `${n}.md`)).join(", ")}`);
const t = result.totals;
const ok =
  t.faultsSurvived === t.faults &&
  t.eventsLost === 0 &&
  t.doubleCounted === 0 &&
  t.fiveHundreds === 0 &&
  result.soak.unexpected === 0 &&
  result.secrets.found.length === 0;
process.exit(ok ? 0 : 1);
