// The ledger against the store: every answered request's id in request_logs exactly once, and every
// count built from those rows equal to them: minute and key-hour rollups to all rows, monthly usage
// to the rows the limiter did not refuse (refusals are logged, not billed).
import type pg from "pg";
import { type Ledger, sleep } from "./traffic.ts";

export interface Reconciled {
  organizationId: string;
  answered: number;
  rows: number;
  /** Answered requests with no row. */
  lost: number;
  /** Rows no answered request accounts for (e.g. a request whose answer never reached us). */
  extraRows: number;
  /** Counted more than once: duplicate ids, or usage/rollup totals above the row count. */
  doubleCounted: number;
  /** Rows that count towards usage: all but the limiter's refusals (those are not billed). */
  billableRows: number;
  usage: number;
  minuteRollups: number;
  keyHourRollups: number;
}

async function storedIds(db: pg.Pool, organizationId: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    "SELECT id::text AS id FROM request_logs WHERE organization_id = $1",
    [organizationId],
  );
  return rows.map((row) => row.id);
}

/**
 * Waits until every answered request of these organizations has its row, or until nothing new has
 * arrived for `quietMs` (the consumer's retries back off 2, 4, 8 … s, so quiet must outlast them).
 */
export async function drain(
  db: pg.Pool,
  ledger: Ledger,
  organizationIds: string[],
  quietMs = 20_000,
): Promise<void> {
  const want = organizationIds.reduce((sum, id) => sum + ledger.count(id), 0);
  let last = -1;
  let lastChange = Date.now();
  for (;;) {
    const { rows } = await db.query<{ n: string }>(
      "SELECT count(*) AS n FROM request_logs WHERE organization_id = ANY($1)",
      [organizationIds],
    );
    const have = Number(rows[0]?.n ?? 0);
    if (have >= want) return;
    if (have !== last) {
      last = have;
      lastChange = Date.now();
    } else if (Date.now() - lastChange > quietMs) return;
    await sleep(250);
  }
}

export async function reconcile(db: pg.Pool, ledger: Ledger, organizationId: string): Promise<Reconciled> {
  const expected = ledger.expected.get(organizationId) ?? new Set<string>();
  const ids = await storedIds(db, organizationId);
  const stored = new Set(ids);
  const sum = async (table: string, column: string) => {
    const { rows } = await db.query<{ n: string | null }>(
      `SELECT sum(${column}) AS n FROM ${table} WHERE organization_id = $1`,
      [organizationId],
    );
    return Number(rows[0]?.n ?? 0);
  };
  const usage = await sum("usage_records", "request_count");
  const { rows: billable } = await db.query<{ n: string }>(
    // Billable as the ledger defines it (gateway-worker's isBillable): the upstream answered.
    `SELECT count(*) AS n FROM request_logs WHERE organization_id = $1 AND upstream_ttfb_ms IS NOT NULL`,
    [organizationId],
  );
  const billableRows = Number(billable[0]?.n ?? 0);
  const minuteRollups = await sum("usage_rollups_minute", "request_count");
  const keyHourRollups = await sum("usage_rollups_key_hour", "request_count");
  const rows = ids.length;
  const over = (n: number) => Math.max(0, n - stored.size);
  return {
    organizationId,
    answered: expected.size,
    rows,
    lost: [...expected].filter((id) => !stored.has(id)).length,
    extraRows: [...stored].filter((id) => !expected.has(id)).length,
    doubleCounted:
      rows -
      stored.size +
      Math.max(Math.max(0, usage - billableRows), over(minuteRollups), over(keyHourRollups)),
    billableRows,
    usage,
    minuteRollups,
    keyHourRollups,
  };
}
