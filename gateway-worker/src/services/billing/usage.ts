// Billable requests per organization and hour, as the Stripe side of billing reads them: the
// overview's usage, the hourly overage reported to Stripe and the reconciliation all go through
// here. The numbers are the ledger's (billable_count on the request-log rollups, written by the
// exactly-once consumer; a rollup row lives in the minute or the hour table, never both).
import { sql } from "drizzle-orm";
import type { Services } from "../../context.ts";

/** Billable requests per hour start (ms) in [from, to), hours with none left out. */
export async function billableByHour(
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

/** Billable requests in [from, to). */
export async function billingUsage(
  services: Pick<Services, "database">,
  organizationId: string,
  from: Date,
  to: Date,
): Promise<number> {
  let total = 0;
  for (const count of (await billableByHour(services, organizationId, from, to)).values()) total += count;
  return total;
}
