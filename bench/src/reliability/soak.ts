// The soak: mixed traffic at twice a steady rate, open loop (requests leave on schedule whether
// or not earlier ones have answered, so a slowing stack cannot slow the load down with it):
// valid keys, invalid keys, a key over its per-minute limit, and admin reads with a viewer token.
import { generateApiKey } from "@edgegate/shared/api-key";
import type { Admin } from "./seed.ts";
import type { Memory, Stack } from "./stack.ts";
import { type Answer, call, closedLoop, type Ledger, sleep } from "./traffic.ts";

type Kind = "valid" | "invalid" | "limited" | "admin";
/** Out of 20 requests: 12 valid, 3 invalid, 3 limited, 2 admin reads. */
const MIX: Kind[] = [
  ...Array<Kind>(12).fill("valid"),
  ...Array<Kind>(3).fill("invalid"),
  ...Array<Kind>(3).fill("limited"),
  ...Array<Kind>(2).fill("admin"),
];
/** What each kind may answer; every 5xx is unexpected. */
const EXPECTED: Record<Kind, number[]> = {
  valid: [200],
  invalid: [401],
  limited: [200, 429],
  admin: [200],
};
/** Requests in flight beyond this are not sent (counted as skipped): the client's own ceiling. */
const MAX_IN_FLIGHT = 256;

export interface SoakResult {
  durationS: number;
  /** Closed-loop throughput of the same mix, measured first; the steady rate is a quarter of it. */
  calibratedMaxRps: number;
  steadyRps: number;
  targetRps: number;
  sent: number;
  answered: number;
  skipped: number;
  unanswered: number;
  byKind: Record<Kind, Record<string, number>>;
  unexpected: number;
  fiveHundreds: number;
  p50Ms: number;
  p99Ms: number;
  memory: { start: Memory; end: Memory; samples: (Memory & { atS: number })[] };
}

function sender(stack: Stack, admin: Admin, ledger: Ledger) {
  let n = 0;
  return async (): Promise<{ kind: Kind; answer: Answer | null }> => {
    const kind = MIX[n++ % MIX.length] as Kind;
    const org = admin.organizationId;
    if (kind === "admin") {
      const path = n % 2 ? "/api/keys?limit=20" : "/api/logs?limit=20";
      return {
        kind,
        answer: await call(stack.url, path, ledger, null, {
          headers: { Authorization: `Bearer ${admin.token}` },
        }),
      };
    }
    if (kind === "invalid") {
      const key = n % 2 ? generateApiKey() : "ak_not-a-key";
      return { kind, answer: await call(stack.url, "/v1/echo", ledger, org, { key }) };
    }
    const key = kind === "valid" ? admin.validKey : admin.limitedKey;
    return { kind, answer: await call(stack.url, "/v1/echo", ledger, org, { key }) };
  };
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? (sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] as number) : 0;

export async function soak(
  stack: Stack,
  admin: Admin,
  ledger: Ledger,
  opts: { durationS: number; rps?: number },
): Promise<SoakResult> {
  const send = sender(stack, admin, ledger);
  // Calibration: the mix as fast as 8 loops can go; the machine holds a quarter of that steadily.
  const calibration = await closedLoop(8, 3_000, async () => (await send()).answer);
  const calibratedMaxRps = Math.round(calibration.length / 3);
  const steadyRps = opts.rps ? opts.rps / 2 : Math.max(1, Math.round(calibratedMaxRps / 4));
  const targetRps = steadyRps * 2;

  const byKind = Object.fromEntries(Object.keys(EXPECTED).map((k) => [k, {}])) as SoakResult["byKind"];
  const latencies: number[] = [];
  let sent = 0;
  let skipped = 0;
  let inFlight = 0;
  let unexpected = 0;
  let fiveHundreds = 0;
  const unansweredBefore = ledger.unanswered;
  const samples: SoakResult["memory"]["samples"] = [];
  const start = stack.memory();
  const started = Date.now();
  const pending = new Set<Promise<void>>();
  let nextSample = 0;
  while (Date.now() - started < opts.durationS * 1000) {
    const elapsedS = (Date.now() - started) / 1000;
    if (elapsedS >= nextSample) {
      samples.push({ atS: Math.round(elapsedS), ...stack.memory() });
      nextSample += Math.max(5, opts.durationS / 20);
    }
    const due = Math.floor(elapsedS * targetRps) - sent - skipped;
    for (let i = 0; i < due; i++) {
      if (inFlight >= MAX_IN_FLIGHT) {
        skipped++;
        continue;
      }
      sent++;
      inFlight++;
      const p = send().then(({ kind, answer }) => {
        inFlight--;
        const status = answer ? String(answer.status) : "none";
        byKind[kind][status] = (byKind[kind][status] ?? 0) + 1;
        if (!answer) return;
        latencies.push(answer.latencyMs);
        if (answer.status >= 500) fiveHundreds++;
        if (!EXPECTED[kind].includes(answer.status)) unexpected++;
      });
      pending.add(p);
      void p.finally(() => pending.delete(p));
    }
    await sleep(5);
  }
  await Promise.all(pending);
  const end = stack.memory();
  samples.push({ atS: Math.round((Date.now() - started) / 1000), ...end });
  latencies.sort((a, b) => a - b);
  const unanswered = ledger.unanswered - unansweredBefore;
  return {
    durationS: opts.durationS,
    calibratedMaxRps,
    steadyRps,
    targetRps,
    sent,
    answered: sent - unanswered,
    skipped,
    unanswered,
    byKind,
    unexpected,
    fiveHundreds,
    p50Ms: Math.round(percentile(latencies, 0.5) * 10) / 10,
    p99Ms: Math.round(percentile(latencies, 0.99) * 10) / 10,
    memory: { start, end, samples },
  };
}
