// The billing ledger: billable requests per organization and UTC hour, read from the rollups the
// request-log consumer writes exactly once per request id (consumers/store-request-events.ts).
// "Billable" is defined once (db/request-log-rollups.ts, isBillable): the gateway proxied
// the request and the upstream answered, whatever its status, fail-open admissions included; the
// gateway's own refusals and the 502/504 it answers when the upstream never did are not.
//
// Every billing number reads this: the quota bar and usage chart (admin API), the hourly meter
// events sent to Stripe, and the Redis quota counter's correction. usage_rollups_key_hour holds
// one row per key and hour, so an hour's total is a small sum whatever the traffic.
import { sql } from "drizzle-orm";
import type { Services } from "../../context.ts";

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * How long after an hour ends its count is treated as final. Events reach the ledger through the
 * request-logs queue (batched for seconds, retried with backoff on a database failure), so an
 * hour is reported to Stripe only once this has passed; reconciliation catches anything later.
 */
export const LEDGER_SETTLE_MS = 15 * 60_000;

/** The end of the last hour whose count is final at `now` (an hour boundary, exclusive). */
export function closedHoursEnd(now: number): Date {
  return new Date(Math.floor((now - LEDGER_SETTLE_MS) / HOUR_MS) * HOUR_MS);
}

/** The UTC calendar month holding `now`: the quota and billing period. */
export function monthOf(now: number): { from: Date; to: Date } {
  const date = new Date(now);
  return {
    from: new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1)),
    to: new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1)),
  };
}

export interface LedgerRange {
  /** Inclusive; rounded down to its hour. */
  from: Date;
  /** Exclusive; rounded up to its hour. */
  to: Date;
}

export interface BillableHour {
  /** The hour's start (UTC). */
  hour: Date;
  billable: number;
}

export interface OrganizationBillableHour extends BillableHour {
  organizationId: string;
}

export interface BillableDay {
  /** YYYY-MM-DD (UTC). */
  day: string;
  billable: number;
}

type LedgerServices = Pick<Services, "database">;

function hourBounds(range: LedgerRange): { from: string; to: string } {
  return {
    from: new Date(Math.floor(range.from.getTime() / HOUR_MS) * HOUR_MS).toISOString(),
    to: new Date(Math.ceil(range.to.getTime() / HOUR_MS) * HOUR_MS).toISOString(),
  };
}

/** The organization's billable requests per hour in the range; hours without any are left out. */
export async function billableByHour(
  services: LedgerServices,
  organizationId: string,
  range: LedgerRange,
): Promise<BillableHour[]> {
  const { from, to } = hourBounds(range);
  const result = await services.database.db.execute<{ hour: string; billable: string }>(sql`
    select bucket as hour, sum(billable_count) as billable from usage_rollups_key_hour
    where organization_id = ${organizationId} and bucket >= ${from}::timestamptz and bucket < ${to}::timestamptz
    group by bucket having sum(billable_count) > 0 order by bucket`);
  return result.rows.map((row) => ({ hour: new Date(row.hour), billable: Number(row.billable) }));
}

/**
 * Billable requests per organization and hour in the range — every organization's, or only those
 * of `organizationIds` (the usage report reads one batch of organizations per query).
 */
export async function billableByOrganizationHour(
  services: LedgerServices,
  range: LedgerRange,
  organizationIds?: readonly string[],
): Promise<OrganizationBillableHour[]> {
  if (organizationIds?.length === 0) return [];
  const { from, to } = hourBounds(range);
  const only = organizationIds
    ? sql`and organization_id in (${sql.join(
        organizationIds.map((id) => sql`${id}`),
        sql`, `,
      )})`
    : sql``;
  const result = await services.database.db.execute<{
    organization_id: string;
    hour: string;
    billable: string;
  }>(sql`
    select organization_id, bucket as hour, sum(billable_count) as billable from usage_rollups_key_hour
    where bucket >= ${from}::timestamptz and bucket < ${to}::timestamptz ${only}
    group by organization_id, bucket having sum(billable_count) > 0 order by organization_id, bucket`);
  return result.rows.map((row) => ({
    organizationId: row.organization_id,
    hour: new Date(row.hour),
    billable: Number(row.billable),
  }));
}

/** The organization's billable requests in the range (e.g. `monthOf(now)`: the period so far). */
export async function billableTotal(
  services: LedgerServices,
  organizationId: string,
  range: LedgerRange,
): Promise<number> {
  const { from, to } = hourBounds(range);
  const result = await services.database.db.execute<{ billable: string | null }>(sql`
    select sum(billable_count) as billable from usage_rollups_key_hour
    where organization_id = ${organizationId} and bucket >= ${from}::timestamptz and bucket < ${to}::timestamptz`);
  return Number(result.rows[0]?.billable ?? 0);
}

/** Billable requests per UTC day of the range, every day present (zero when none): the chart. */
export async function billableByDay(
  services: LedgerServices,
  organizationId: string,
  range: LedgerRange,
): Promise<BillableDay[]> {
  const byDay = new Map<string, number>();
  for (const { hour, billable } of await billableByHour(services, organizationId, range)) {
    const day = hour.toISOString().slice(0, 10);
    byDay.set(day, (byDay.get(day) ?? 0) + billable);
  }
  const days: BillableDay[] = [];
  const first = Math.floor(range.from.getTime() / DAY_MS) * DAY_MS;
  for (let t = first; t < range.to.getTime(); t += DAY_MS) {
    const day = new Date(t).toISOString().slice(0, 10);
    days.push({ day, billable: byDay.get(day) ?? 0 });
  }
  return days;
}

/**
 * Billable requests from `from` up to `at`, rounded UP to the minute (whole hours from the
 * key-hour totals, the last partial hour from the minute/hour detail rows): never less than
 * what had been billed by `at`. The quota correction (jobs/quota-correction.ts) relies on that.
 */
export async function billableUpTo(
  services: LedgerServices,
  organizationId: string,
  from: Date,
  at: Date,
): Promise<number> {
  const hourStart = new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS).toISOString();
  const end = new Date(Math.ceil(at.getTime() / 60_000) * 60_000).toISOString();
  const result = await services.database.db.execute<{ billable: string | null }>(sql`
    select coalesce(sum(billable), 0) as billable from (
      select sum(billable_count) as billable from usage_rollups_key_hour
      where organization_id = ${organizationId} and bucket >= ${from.toISOString()}::timestamptz
        and bucket < ${hourStart}::timestamptz
      union all
      select sum(billable_count) from usage_rollups_minute
      where organization_id = ${organizationId} and bucket >= ${hourStart}::timestamptz and bucket < ${end}::timestamptz
      union all
      select sum(billable_count) from usage_rollups_hour
      where organization_id = ${organizationId} and bucket >= ${hourStart}::timestamptz and bucket < ${end}::timestamptz
    ) parts`);
  return Number(result.rows[0]?.billable ?? 0);
}

/** Organizations with billable traffic in the range. */
export async function organizationsWithUsage(
  services: LedgerServices,
  range: LedgerRange,
): Promise<string[]> {
  const { from, to } = hourBounds(range);
  const result = await services.database.db.execute<{ organization_id: string }>(sql`
    select distinct organization_id from usage_rollups_key_hour
    where bucket >= ${from}::timestamptz and bucket < ${to}::timestamptz and billable_count > 0`);
  return result.rows.map((row) => row.organization_id);
}
