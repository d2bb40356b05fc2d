// Endpoint health for the list and the endpoint page: attempts and success rate over the last
// 24 hours and the last attempt's time, from the attempt log (one grouped query).

import type { z } from "@hono/zod-openapi";
import { and, eq, gte, inArray, sql } from "drizzle-orm";
import { webhookAttempts, webhookDeliveries } from "../../db/schema/webhooks.ts";
import type { Database } from "../../services/database.ts";
import type { endpointHealthSchema } from "./shared.ts";

type Health = z.infer<typeof endpointHealthSchema>;

const EMPTY: Health = { attempts24h: 0, successRate24h: null, lastAttemptAt: null };

export async function endpointHealth(
  database: Database,
  organizationId: string,
  endpointIds: string[],
  now = new Date(),
): Promise<Map<string, Health>> {
  const out = new Map<string, Health>(endpointIds.map((id) => [id, EMPTY]));
  if (endpointIds.length === 0) return out;
  const rows = await database.db
    .select({
      webhookId: webhookDeliveries.webhookId,
      attempts: sql<number>`count(*)::int`,
      succeeded: sql<number>`(count(*) filter (where ${webhookAttempts.statusCode} between 200 and 299))::int`,
      last: sql<string>`max(${webhookAttempts.startedAt})`,
    })
    .from(webhookAttempts)
    .innerJoin(webhookDeliveries, eq(webhookDeliveries.id, webhookAttempts.deliveryId))
    .where(
      and(
        eq(webhookDeliveries.organizationId, organizationId),
        inArray(webhookDeliveries.webhookId, endpointIds),
        gte(webhookAttempts.startedAt, new Date(now.getTime() - 24 * 3600 * 1000)),
      ),
    )
    .groupBy(webhookDeliveries.webhookId);
  for (const row of rows) {
    out.set(row.webhookId, {
      attempts24h: row.attempts,
      successRate24h: row.attempts ? row.succeeded / row.attempts : null,
      lastAttemptAt: row.last ? new Date(row.last).toISOString() : null,
    });
  }
  return out;
}
