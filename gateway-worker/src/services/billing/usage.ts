// Billable requests per hour as the analytics' detail rollups hold them (usage_rollups_minute ∪
// usage_rollups_hour; a row lives in exactly one of the two). The ledger (ledger.ts) reads the
// per-key hour totals the consumer writes in the same statement; reading the detail tables too
// gives the reconciliation an independent second count of the same requests.
import { sql } from "drizzle-orm";
import type { Services } from "../../context.ts";

/** Billable requests per hour start (ms) in [from, to), hours with none left out. */
export async function detailRollupBillableByHour(
  services: Pick<Services, "database">,
  organizationId: string,
  from: Date,
  to: Date,
): Promise<Map<number, number>> {
  const range = sql`organization_id = ${organizationId}
    and bucket >= ${from.toISOString()}::timestamptz and bucket < ${to.toISOString()}::timestamptz`;
  // Hours in UTC whatever the session's time zone: extract(epoch) of a UTC wall-clock time.
  const result = await services.database.db.execute<{ hour_ms: string; billable: string }>(sql`
    select (extract(epoch from date_trunc('hour', bucket at time zone 'UTC')) * 1000)::bigint as hour_ms,
      sum(billable_count)::bigint as billable
    from (
      select bucket, billable_count from usage_rollups_minute where ${range}
      union all
      select bucket, billable_count from usage_rollups_hour where ${range}
    ) rows
    group by 1`);
  const hours = new Map<number, number>();
  for (const row of result.rows) {
    const count = Number(row.billable);
    if (count > 0) hours.set(Number(row.hour_ms), count);
  }
  return hours;
}
