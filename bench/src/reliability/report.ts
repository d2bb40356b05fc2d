// The suite's figures as Markdown (the results file the README links) and JSON.
import type { SuiteResult } from "./suite.ts";

const mib = (n: number) => `${n.toFixed(1)} MiB`;
const statuses = (s: Record<string, number>) =>
  Object.entries(s)
    .map(([status, n]) => `${status}×${n}`)
    .join(", ");
const measured = (m: Record<string, number | string>) =>
  Object.entries(m)
    .map(([k, v]) => `${k}: ${v}`)
    .join("; ");

const LABELS = { workerdMiB: "workerd", servicesMiB: "stand-ins process", redisMiB: "redis-server" };

/**
 * Growth over the soak's second half: warm-up (JIT, caches, connection pools) happens early, so a
 * leak shows as growth that continues after it. "flat": under 10 % and under 32 MiB.
 */
function flatness(samples: SuiteResult["soak"]["memory"]["samples"], k: keyof typeof LABELS): string {
  const mid = samples[Math.floor(samples.length / 2)];
  const end = samples[samples.length - 1];
  if (!mid || !end || samples.length < 3) return "";
  const growth = end[k] - mid[k];
  const flat = growth < 32 && growth < mid[k] * 0.1;
  return `— second half ${growth >= 0 ? "+" : ""}${growth.toFixed(1)} MiB: ${flat ? "flat" : "**growing**"}`;
}

export function renderMarkdown(r: SuiteResult): string {
  const t = r.totals;
  const s = r.soak;
  const lines = [
    `# Reliability suite — ${r.form} form`,
    "",
    `Started ${r.startedAt}, ${r.durationS} s. Real Worker on workerd (Miniflare API), real Postgres and a private redis-server behind the repo's Neon and Upstash stand-ins, the demo upstream over real sockets (\`bench/src/reliability/\`).`,
    "",
    "| figure | value |",
    "| --- | ---: |",
    `| requests | ${t.requests} |`,
    `| faults survived | ${t.faultsSurvived} of ${t.faults} |`,
    `| events lost | ${t.eventsLost} |`,
    `| double counts | ${t.doubleCounted} |`,
    `| 5xx from the gateway (soak: any 5xx) | ${t.fiveHundreds} |`,
    `| secrets found at rest in clear | ${r.secrets.found.length} |`,
    ...(["workerdMiB", "servicesMiB", "redisMiB"] as const).map(
      (k) =>
        `| ${LABELS[k]} memory, soak start → end (whole run) | ${mib(s.memory.start[k])} → ${mib(s.memory.end[k])} (${mib(r.memory.start[k])} → ${mib(r.memory.end[k])}) ${flatness(s.memory.samples, k)} |`,
    ),
    "",
    "## Faults",
    "",
    "Each fault runs against its own organization; after the queue drained, every answered request's id must be in `request_logs` exactly once, the organization's minute and key-hour rollups must equal its rows, and its monthly usage the rows the limiter did not refuse (429s are logged, not billed).",
    "",
    "| fault | promised | requests | statuses | measured | lost | double | usage = rows | survived |",
    "| --- | --- | ---: | --- | --- | ---: | ---: | --- | --- |",
    ...r.faults.map((f) => {
      const l = f.ledger;
      const exact = l.usage === l.billableRows && l.minuteRollups === l.rows && l.keyHourRollups === l.rows;
      const notes = [
        measured(f.measured),
        f.unexpected ? `${f.unexpected} unexpected answers` : "",
        f.gateway500s ? `${f.gateway500s} gateway 500s` : "",
        f.wrongRowErrors ? `${f.wrongRowErrors} rows with the wrong error code` : "",
        l.extraRows ? `${l.extraRows} rows nobody was answered for` : "",
        ...f.problems,
      ]
        .filter(Boolean)
        .join("; ");
      return `| ${f.name} | ${f.promised} | ${f.requests} | ${statuses(f.statuses)} | ${notes || "—"} | ${l.lost} | ${l.doubleCounted} | ${exact ? "yes" : `no (${l.rows} rows, usage ${l.usage}, minute ${l.minuteRollups}, key-hour ${l.keyHourRollups})`} | ${f.survived ? "yes" : "**no**"} |`;
    }),
    "",
    "## Soak",
    "",
    `Mixed traffic for ${s.durationS} s, open loop: 12 of 20 requests with a valid key, 3 with invalid keys (401), 3 with a key limited to 30/min (200 or 429), 2 admin reads with a viewer automation token. The same mix closed-loop on 8 connections ran at ${s.calibratedMaxRps} req/s; the steady rate is taken as a quarter of that (${s.steadyRps}/s) and the soak runs at twice it: **${s.targetRps} req/s**.`,
    "",
    "| figure | value |",
    "| --- | ---: |",
    `| sent / answered / unanswered | ${s.sent} / ${s.answered} / ${s.unanswered} |`,
    `| not sent (client at ${256} in flight) | ${s.skipped} |`,
    `| unexpected statuses | ${s.unexpected} |`,
    `| 5xx | ${s.fiveHundreds} |`,
    `| latency p50 / p99 | ${s.p50Ms} ms / ${s.p99Ms} ms |`,
    `| answered with a logged organization / request_logs rows | ${s.ledger.answered} / ${s.ledger.rows} |`,
    `| events lost / double counted | ${s.ledger.lost} / ${s.ledger.doubleCounted} |`,
    `| monthly usage / billable rows (the upstream answered) | ${s.ledger.usage} / ${s.ledger.billableRows} |`,
    `| minute rollups / key-hour rollups / rows | ${s.ledger.minuteRollups} / ${s.ledger.keyHourRollups} / ${s.ledger.rows} |`,
    ...Object.entries(s.byKind).map(([kind, st]) => `| ${kind} | ${statuses(st)} |`),
    "",
    "Memory (VmRSS) during the soak:",
    "",
    "| at s | workerd | stand-ins | redis-server |",
    "| ---: | ---: | ---: | ---: |",
    ...s.memory.samples.map(
      (m) => `| ${m.atS} | ${mib(m.workerdMiB)} | ${mib(m.servicesMiB)} | ${mib(m.redisMiB)} |`,
    ),
    "",
    "## Secrets at rest",
    "",
    "Every API key, the automation token, the session token and the admin's password, searched for verbatim in:",
    "",
    ...Object.entries(r.secrets.scanned).map(([place, n]) => `- ${place}: ${n}`),
    "",
    r.secrets.found.length ? `Found: ${r.secrets.found.join("; ")}.` : "Found: none.",
    "",
    `Worker log events: ${measured(r.logEvents) || "none"}.`,
    "",
  ];
  return lines.join("\n");
}
