// `node bench/src/idle-latency.ts [--requests N]` (diagnostic): latency with nothing to share —
// one request at a time, V1, V3 without group commit and V3 interleaved in fresh workerd
// processes, p50 and p90 of each. Group commit must add no latency when idle (issue #18).
import { CLIENT_IP, startHarness } from "./harness.ts";

const index = process.argv.indexOf("--requests");
const requests = index === -1 ? 300 : Number(process.argv[index + 1]);
const harness = await startHarness();
try {
  const headers = { "X-API-Key": harness.keys.hot, "CF-Connecting-IP": CLIENT_IP };
  const variants = [
    ["V1", "passthrough"],
    ["V3 without group commit", "no-group-commit"],
    ["V3", "gateway"],
  ] as const;
  const workers = await Promise.all(variants.map(([, variant]) => harness.startWorker(variant)));
  const times: number[][] = variants.map(() => []);
  for (let i = 0; i < requests + 20; i++) {
    for (const [v, worker] of workers.entries()) {
      const started = performance.now();
      const response = await fetch(`${worker.url}/v1/bytes/256`, { headers });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${variants[v]?.[0]} answered ${response.status}`);
      if (i >= 20) times[v]?.push(performance.now() - started);
    }
  }
  const pct = (values: number[], p: number) =>
    [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) * p)] ?? Number.NaN;
  for (const [v, [name]] of variants.entries()) {
    const t = times[v] ?? [];
    console.log(
      `${name}: p50 ${pct(t, 0.5).toFixed(2)} ms, p90 ${pct(t, 0.9).toFixed(2)} ms (${t.length} requests)`,
    );
  }
} finally {
  await harness.close();
}
process.exit(0);
