// After a request-log batch is stored: `usage.quota_threshold` when an organization's requests
// this month reach 80 % or 100 % of the monthly quota in force (an operator's override, else the
// plan's: the quota the gateway enforces). Read from the stored usage (the
// exactly-once ledger), once per organization, month and threshold (the dedupe key).
import { and, eq, inArray } from "drizzle-orm";
import type { Services } from "../context.ts";
import { organizations } from "../db/schema/organizations.ts";
import { usageRecords } from "../db/schema/usage.ts";
import { effectiveOrganizationLimits } from "../services/limiter.ts";
import { emitNotices, type Notice } from "../services/webhooks/notices.ts";

const THRESHOLDS = [80, 100] as const;

export async function emitQuotaThresholds(
  services: Services,
  organizationIds: string[],
  now: Date,
): Promise<number> {
  if (organizationIds.length === 0) return 0;
  const period = now.toISOString().slice(0, 7);
  const rows = await services.database.db
    .select({
      organizationId: usageRecords.organizationId,
      requestCount: usageRecords.requestCount,
      plan: organizations.plan,
      limitsOverride: organizations.limitsOverride,
    })
    .from(usageRecords)
    .innerJoin(organizations, eq(organizations.id, usageRecords.organizationId))
    .where(
      and(
        eq(usageRecords.periodStart, `${period}-01`),
        inArray(usageRecords.organizationId, organizationIds),
      ),
    );
  const notices: Notice[] = [];
  for (const row of rows) {
    const quota = effectiveOrganizationLimits(row, now.getTime()).monthlyQuota;
    if (!quota) continue;
    for (const thresholdPercent of THRESHOLDS) {
      if (row.requestCount * 100 < quota * thresholdPercent) continue;
      notices.push({
        organizationId: row.organizationId,
        event: {
          type: "usage.quota_threshold",
          data: {
            period,
            thresholdPercent,
            requestCount: row.requestCount,
            monthlyQuota: quota,
            plan: row.plan,
          },
        },
        dedupeKey: `usage.quota_threshold:${row.organizationId}:${period}:${thresholdPercent}`,
      });
    }
  }
  return emitNotices(services, notices);
}
