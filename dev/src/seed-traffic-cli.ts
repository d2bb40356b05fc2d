// `pnpm db:seed-traffic --rows 10000000 [--database URL] [--days 30] [--orgs 5] [--keys-per-org 8]`:
// fills an empty database with synthetic traffic (see seed-traffic.ts), with a progress bar on
// stderr. Refuses a database that already holds request logs.
import { Presets, SingleBar } from "cli-progress";
import { parseSeedTrafficArgs, seedTraffic } from "./seed-traffic.ts";

let options: ReturnType<typeof parseSeedTrafficArgs>;
try {
  options = parseSeedTrafficArgs(process.argv.slice(2), process.env);
} catch (error) {
  console.error(`db:seed-traffic: ${(error as Error).message}`);
  process.exit(2);
}

const bar = new SingleBar(
  {
    format: "{phase} [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left",
    etaBuffer: 20,
    // Piped to a file or CI log: a line every 5 s instead of nothing.
    noTTYOutput: true,
    notTTYSchedule: 5_000,
  },
  Presets.shades_classic,
);
let phase: string | null = null;
try {
  const result = await seedTraffic({
    ...options,
    onProgress(next, done, total) {
      if (next !== phase) {
        if (phase) bar.stop();
        phase = next;
        bar.start(total, done, { phase: next === "rows" ? "requests  " : "compaction" });
      } else bar.update(done);
    },
  });
  bar.stop();
  console.error(
    `db:seed-traffic: ${result.rows} requests from ${result.from} to ${result.to} in ${result.seconds.toFixed(0)} s (${result.fingerprint})`,
  );
} catch (error) {
  bar.stop();
  console.error(`db:seed-traffic: ${(error as Error).message}`);
  process.exit(1);
}
