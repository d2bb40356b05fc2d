// Hourly: `api_key.expiring` for live keys 7 days and 1 day before their `expiresAt`. The dedupe
// key names the key, the warning and the expiry, so each warning goes out once, and a key whose
// expiry is moved is warned again about the new date.
import { and, eq, gt, isNull, lte } from "drizzle-orm";
import type { Services } from "../context.ts";
import { apiKeys } from "../db/schema/api-keys.ts";
import { keyAuditView } from "../services/api-key-views.ts";
import { emitNotices, type Notice } from "../services/webhooks/notices.ts";

const DAY_MS = 86_400_000;

export async function warnExpiringKeys(services: Services, scheduledTime: number): Promise<number> {
  const now = new Date(scheduledTime);
  const keys = await services.database.db
    .select()
    .from(apiKeys)
    .where(
      and(
        isNull(apiKeys.revokedAt),
        eq(apiKeys.enabled, true),
        gt(apiKeys.expiresAt, now),
        lte(apiKeys.expiresAt, new Date(now.getTime() + 7 * DAY_MS)),
      ),
    );
  const notices: Notice[] = keys.flatMap((key) => {
    if (!key.expiresAt) return [];
    // Only the nearest warning: a key found 12 hours before expiry gets "1 day", never "7 days".
    const daysBefore = key.expiresAt.getTime() - now.getTime() <= DAY_MS ? 1 : 7;
    return [
      {
        organizationId: key.organizationId,
        event: { type: "api_key.expiring", data: { ...keyAuditView(key), daysBefore } },
        dedupeKey: `api_key.expiring:${key.id}:${daysBefore}:${key.expiresAt.toISOString()}`,
      },
    ];
  });
  return emitNotices(services, notices);
}
