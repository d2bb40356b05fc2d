// The reliability suite end to end, shared by `pnpm test` (short form) and `pnpm reliability
// --long`: every scripted fault, then the soak (the consumer drains the faults' retried batches
// meanwhile), then the reconciliation of every answered request against Postgres, then the
// secrets scan. Returns the figures; judging them is the caller's (the test asserts, the CLI
// writes them down).
import { EXPECTED_ROW_ERRORS, FAULTS, type FaultRun, runFault } from "./faults.ts";
import { type ScanResult, scanForSecrets } from "./secrets.ts";
import { type Admin, signUpAdmin } from "./seed.ts";
import { type SoakResult, soak } from "./soak.ts";
import { type Memory, type Stack, startStack } from "./stack.ts";
import { Ledger, statusCounts } from "./traffic.ts";
import { drain, type Reconciled, reconcile } from "./verify.ts";

export interface SuiteOptions {
  long: boolean;
  /** Soak length in seconds (default: 60, or 600 with `long`). */
  soakS?: number;
  /** Soak rate in requests/s (default: twice the calibrated steady rate). */
  soakRps?: number;
  log?: (line: string) => void;
}

export interface FaultResult extends Omit<FaultRun, "answers" | "keys" | "afterDrain"> {
  requests: number;
  statuses: Record<string, number>;
  /** Answers outside the fault's documented statuses (a missing answer counts). */
  unexpected: number;
  /** 500s the gateway itself produced (an upstream's own 500 passes through unstamped). */
  gateway500s: number;
  /** Log rows whose error code was not the one this fault must record. */
  wrongRowErrors: number;
  ledger: Reconciled;
  survived: boolean;
}

export interface SuiteResult {
  form: "short" | "long";
  startedAt: string;
  durationS: number;
  faults: FaultResult[];
  soak: SoakResult & { ledger: Reconciled };
  secrets: ScanResult;
  totals: {
    requests: number;
    faultsSurvived: number;
    faults: number;
    eventsLost: number;
    doubleCounted: number;
    fiveHundreds: number;
  };
  memory: { start: Memory; end: Memory };
  logEvents: Record<string, number>;
}

async function wrongRowErrors(stack: Stack, run: FaultRun): Promise<number> {
  const code = EXPECTED_ROW_ERRORS[run.name];
  if (!code) return 0;
  const { rows } = await stack.db.query<{ n: string }>(
    "SELECT count(*) AS n FROM request_logs WHERE organization_id = $1 AND error_code IS DISTINCT FROM $2",
    [run.organizationId, code],
  );
  return Number(rows[0]?.n ?? 0);
}

function judge(run: FaultRun, ledger: Reconciled, wrong: number): FaultResult {
  const { answers, keys: _keys, afterDrain: _afterDrain, ...rest } = run;
  const statuses = statusCounts(answers);
  const unexpected = answers.filter((a) => !a || !run.allowed.includes(a.status)).length;
  const gateway500s = answers.filter((a) => a?.status === 500 && a.errorCode).length;
  const exact =
    ledger.usage === ledger.billableRows &&
    ledger.minuteRollups === ledger.rows &&
    ledger.keyHourRollups === ledger.rows;
  const survived =
    unexpected === 0 &&
    gateway500s === 0 &&
    wrong === 0 &&
    ledger.lost === 0 &&
    ledger.extraRows === 0 &&
    ledger.doubleCounted === 0 &&
    exact &&
    run.problems.length === 0;
  return {
    ...rest,
    requests: answers.length,
    statuses,
    unexpected,
    gateway500s,
    wrongRowErrors: wrong,
    ledger,
    survived,
  };
}

export async function runSuite(options: SuiteOptions): Promise<SuiteResult> {
  const log = options.log ?? (() => {});
  const started = Date.now();
  const stack = await startStack();
  try {
    const ledger = new Ledger();
    const memoryStart = stack.memory();
    const admin: Admin = await signUpAdmin(stack.url, stack.db);
    log(`stack up at ${stack.url}; admin ${admin.email}`);

    const scale = options.long ? 3 : 1;
    // The hung calls wait out UPSTREAM_TIMEOUT_MS on their own organization while the others run.
    const ctx = { stack, ledger, scale, admin };
    const hanging = runFault(ctx, "upstream-hangs");
    const runs: FaultRun[] = [];
    for (const name of Object.keys(FAULTS)) {
      const run = await (name === "upstream-hangs" ? hanging : runFault(ctx, name));
      log(
        `fault ${name}: ${run.answers.length} requests, statuses ${JSON.stringify(statusCounts(run.answers))}`,
      );
      runs.push(run);
    }

    const soakS = options.soakS ?? (options.long ? 600 : 60);
    log(`soak: ${soakS} s`);
    const soaked = await soak(stack, admin, ledger, {
      durationS: soakS,
      ...(options.soakRps ? { rps: options.soakRps } : {}),
    });
    log(
      `soak: ${soaked.sent} sent at ${soaked.targetRps}/s, ${soaked.unexpected} unexpected, ${soaked.fiveHundreds} 5xx`,
    );

    const orgs = [...runs.map((r) => r.organizationId), admin.organizationId];
    await drain(stack.db, ledger, orgs);
    const faults: FaultResult[] = [];
    for (const run of runs) {
      if (run.afterDrain) {
        const more = await run.afterDrain(stack.db, run.organizationId);
        Object.assign(run.measured, more.measured);
        run.problems.push(...more.problems);
      }
      faults.push(
        judge(run, await reconcile(stack.db, ledger, run.organizationId), await wrongRowErrors(stack, run)),
      );
    }
    const soakLedger = await reconcile(stack.db, ledger, admin.organizationId);

    log("reconciled; scanning for secrets");
    const secrets = await scanForSecrets(stack, [
      ...runs.flatMap((run) => run.keys.map((value) => ({ kind: `API key (${run.name})`, value }))),
      { kind: "API key (valid)", value: admin.validKey },
      { kind: "API key (limited)", value: admin.limitedKey },
      { kind: "automation token", value: admin.token },
      { kind: "session token", value: admin.sessionToken },
      { kind: "admin password", value: admin.password },
    ]);
    const memoryEnd = stack.memory();
    const ledgers = [...faults.map((f) => f.ledger), soakLedger];
    return {
      form: options.long ? "long" : "short",
      startedAt: new Date(started).toISOString(),
      durationS: Math.round((Date.now() - started) / 1000),
      faults,
      soak: { ...soaked, ledger: soakLedger },
      secrets,
      totals: {
        requests: faults.reduce((n, f) => n + f.requests, 0) + soaked.sent,
        faultsSurvived: faults.filter((f) => f.survived).length,
        faults: faults.length,
        eventsLost: ledgers.reduce((n, l) => n + l.lost, 0),
        doubleCounted: ledgers.reduce((n, l) => n + l.doubleCounted, 0),
        fiveHundreds: soaked.fiveHundreds + faults.reduce((n, f) => n + f.gateway500s, 0),
      },
      memory: { start: memoryStart, end: memoryEnd },
      logEvents: Object.fromEntries(stack.logEvents),
    };
  } finally {
    await stack.close();
  }
}
