// The reliability suite's short form in `pnpm test`: every fault scripted against the real local
// stack, a 40-second soak at twice the calibrated steady rate (RELIABILITY_SOAK_SECONDS; shorter
// than the minute so the whole short form stays near 90 s of `pnpm test`), and the
// secrets scan afterwards.
// Asserts correctness only (lost = 0, double = 0, documented statuses, no 5xx, nothing in clear);
// the timings it prints are figures for the reader, never pass/fail on a shared machine.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { renderMarkdown } from "../src/reliability/report.ts";
import { runSuite, type SuiteResult } from "../src/reliability/suite.ts";

let result: SuiteResult;

beforeAll(async () => {
  result = await runSuite({ long: false, soakS: Number(process.env.RELIABILITY_SOAK_SECONDS ?? 40) });
  // For the reader of a CI log: the same figures the long form writes to bench/results/.
  await writeFile(
    join(import.meta.dirname, "..", "..", "test-results", "reliability-short.md"),
    renderMarkdown(result),
  ).catch(() => {});
});

describe("reliability (short form)", () => {
  it.each([
    "redis-killed",
    "redis-slow",
    "postgres-restarted",
    "consumer-crashes",
    "queue-sends-fail",
    "upstream-5xx",
    "upstream-hangs",
    "upstream-resets",
    "client-aborts",
  ])("fault %s: documented statuses, no 500, 0 events lost, 0 counted twice", (name) => {
    const fault = result.faults.find((f) => f.name === name);
    expect(fault, `fault ${name} ran`).toBeDefined();
    if (!fault) return;
    expect(fault.requests).toBeGreaterThan(0);
    expect(fault.problems, fault.promised).toEqual([]);
    expect({
      unexpected: fault.unexpected,
      gateway500s: fault.gateway500s,
      statuses: fault.statuses,
    }).toMatchObject({
      unexpected: 0,
      gateway500s: 0,
    });
    expect(fault.wrongRowErrors, "log rows with the wrong error code").toBe(0);
    const l = fault.ledger;
    expect({ lost: l.lost, extraRows: l.extraRows, doubleCounted: l.doubleCounted }).toEqual({
      lost: 0,
      extraRows: 0,
      doubleCounted: 0,
    });
    expect({ usage: l.usage, minute: l.minuteRollups, keyHour: l.keyHourRollups }).toEqual({
      usage: l.billableRows,
      minute: l.rows,
      keyHour: l.rows,
    });
  });

  it("fault webhook-receiver-down: retried on the schedule, every event delivered once per webhook-id, none lost, health shows it", () => {
    const fault = result.faults.find((f) => f.name === "webhook-receiver-down");
    expect(fault, "fault webhook-receiver-down ran").toBeDefined();
    if (!fault) return;
    expect(fault.problems, fault.promised).toEqual([]);
    expect(fault.measured["never received"]).toBe(0);
    expect(fault.measured["first attempts refused"]).toBeGreaterThan(0);
    expect(fault.measured["consecutive failures while down"]).toBeGreaterThan(0);
  });

  it("soak: every request answered as documented, no 5xx, log rows = answered requests", () => {
    const s = result.soak;
    expect(s.sent).toBeGreaterThan(s.durationS * 5);
    expect({ unanswered: s.unanswered, unexpected: s.unexpected, fiveHundreds: s.fiveHundreds }).toEqual({
      unanswered: 0,
      unexpected: 0,
      fiveHundreds: 0,
    });
    // Every kind of traffic really ran, and the limited key really was limited.
    expect(s.byKind.invalid["401"]).toBeGreaterThan(0);
    expect(s.byKind.limited["429"]).toBeGreaterThan(0);
    expect(s.byKind.admin["200"]).toBeGreaterThan(0);
    expect({ lost: s.ledger.lost, extra: s.ledger.extraRows, double: s.ledger.doubleCounted }).toEqual({
      lost: 0,
      extra: 0,
      double: 0,
    });
    expect(s.ledger.rows).toBe(s.ledger.answered);
    expect(s.ledger.usage).toBe(s.ledger.billableRows);
    expect(s.ledger.minuteRollups).toBe(s.ledger.rows);
    expect(s.ledger.keyHourRollups).toBe(s.ledger.rows);
  });

  it("secrets: no API key, automation token, session token or password in the Postgres dump, Worker logs, KV or Redis", () => {
    // The scan covered something in each place (an empty dump would find nothing, too).
    for (const [place, amount] of Object.entries(result.secrets.scanned))
      expect(amount, `${place} scanned`).toBeGreaterThan(0);
    expect(result.secrets.found).toEqual([]);
  });
});
