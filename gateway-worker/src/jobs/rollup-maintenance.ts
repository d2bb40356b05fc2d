// Rollup upkeep: minute rollups older than a few days are folded into hour rollups (analytics
// read both tables, so a row counts exactly once wherever it lives), and rollups older than
// 13 months are deleted. Both are safe to run twice and concurrently.
import { sql } from "drizzle-orm";
import type { Services } from "../context.ts";
import { mergeRollupOnConflict, sumHistograms } from "../db/histogram-sql.ts";

/** Minute detail is kept this long; older minutes live on as hours. */
export const MINUTE_ROLLUP_DAYS = 3;
export const ROLLUP_RETENTION_MONTHS = 13;

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * Moves minute rows before the cutoff into hour rows, one day of buckets per transaction.
 * `DELETE … RETURNING` feeding an additive upsert makes each minute row move exactly once: a
 * concurrent run waits on the advisory lock (or on the rows) and then finds them gone, and an
 * event arriving late for a compacted hour creates a new minute row that the next run adds.
 */
export async function compactMinuteRollups(
  services: Services,
  scheduledTime: number,
): Promise<{ movedMinuteRows: number }> {
  const cutoff = new Date(Math.floor((scheduledTime - MINUTE_ROLLUP_DAYS * DAY_MS) / HOUR_MS) * HOUR_MS);
  const { db } = services.database;
  let movedMinuteRows = 0;
  for (;;) {
    const oldest = await db.execute<{ oldest: string | null }>(
      sql`select min(bucket)::text as oldest from usage_rollups_minute where bucket < ${cutoff.toISOString()}::timestamptz`,
    );
    const from = oldest.rows[0]?.oldest;
    if (!from) return { movedMinuteRows };
    const until = new Date(
      Math.min(cutoff.getTime(), Math.floor(Date.parse(from) / HOUR_MS) * HOUR_MS + DAY_MS),
    );
    const moved = await services.database.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('edgegate_rollup_compaction'))`);
      const result = await tx.execute<{ moved: number }>(sql`
        with moved as (
          delete from usage_rollups_minute where bucket < ${until.toISOString()}::timestamptz returning *
        ), hours as (
          insert into usage_rollups_hour as h (organization_id, api_key_id, bucket, method, path, status,
            request_count, error_count, rate_limited_count, billable_count, fail_open_count, request_bytes,
            response_bytes, latency_sum_ms, latency_histogram)
          select organization_id, api_key_id, date_trunc('hour', bucket, 'UTC'), method, path, status,
            sum(request_count), sum(error_count), sum(rate_limited_count), sum(billable_count), sum(fail_open_count),
            sum(request_bytes),
            sum(response_bytes), sum(latency_sum_ms), ${sumHistograms(sql`latency_histogram`)}::integer[]
          from moved
          group by organization_id, api_key_id, date_trunc('hour', bucket, 'UTC'), method, path, status
          order by 1, 3, 2, 4, 5, 6
          ${mergeRollupOnConflict("h", "detail")}
          returning 1
        )
        select count(*)::int as moved from moved`);
      return Number(result.rows[0]?.moved ?? 0);
    });
    movedMinuteRows += moved;
  }
}

/** Deletes minute, hour and key-hour rollups older than 13 months. */
export async function deleteExpiredRollups(services: Services, scheduledTime: number): Promise<void> {
  const cutoff = new Date(scheduledTime);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - ROLLUP_RETENTION_MONTHS);
  const { db } = services.database;
  await db.execute(sql`delete from usage_rollups_minute where bucket < ${cutoff.toISOString()}::timestamptz`);
  await db.execute(sql`delete from usage_rollups_hour where bucket < ${cutoff.toISOString()}::timestamptz`);
  await db.execute(
    sql`delete from usage_rollups_key_hour where bucket < ${cutoff.toISOString()}::timestamptz`,
  );
}
