// Webhook delivery health across every organization, for the operator console: the delivery
// outcomes of a range, the endpoints that are failing or disabled, and the deliveries still
// waiting (first attempt or a retry). Read from the delivery tables; nothing is estimated.
import { sql } from "drizzle-orm";
import type { HttpDb } from "../database.ts";

export interface WebhookHealthRange {
  from: Date;
  to: Date;
  /** How many problem endpoints to list (most failures first). */
  limit: number;
}

export interface ProblemEndpoint {
  webhookId: string;
  organizationId: string;
  organizationName: string | null;
  /** The endpoint's host only: a URL's path and query may carry the customer's secrets. */
  host: string;
  enabled: boolean;
  consecutiveFailures: number;
  failingSince: string | null;
  disabledAt: string | null;
  disabledReason: string | null;
}

export interface WebhookHealth {
  /** Deliveries created in the range, by outcome so far. */
  deliveries: { succeeded: number; failed: number; pending: number; successRate: number | null };
  endpoints: { total: number; enabled: number; failing: number; disabled: number };
  /** Now, whatever the range: deliveries not yet finished. */
  backlog: { pending: number; retrying: number; oldestDueAt: string | null };
  problemEndpoints: ProblemEndpoint[];
}

const count = (value: unknown) => Number(value ?? 0);
const isoOrNull = (value: unknown) =>
  value === null || value === undefined ? null : new Date(value as string).toISOString();

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "(invalid URL)";
  }
}

export async function queryWebhookHealth(db: HttpDb, range: WebhookHealthRange): Promise<WebhookHealth> {
  const from = range.from.toISOString();
  const to = range.to.toISOString();
  const [outcomes, endpoints, backlog, problems] = await Promise.all([
    db.execute(sql`
      select count(*) filter (where status = 'succeeded') as succeeded,
        count(*) filter (where status = 'failed') as failed,
        count(*) filter (where status = 'pending') as pending
      from webhook_deliveries
      where created_at >= ${from}::timestamptz and created_at < ${to}::timestamptz`),
    db.execute(sql`
      select count(*) as total, count(*) filter (where enabled) as enabled,
        count(*) filter (where enabled and consecutive_failures > 0) as failing,
        count(*) filter (where not enabled) as disabled
      from webhooks`),
    db.execute(sql`
      select count(*) as pending, count(*) filter (where attempts > 0) as retrying,
        min(next_attempt_at) as oldest_due
      from webhook_deliveries where status = 'pending'`),
    db.execute(sql`
      select w.id, w.organization_id, o.name, w.url, w.enabled, w.consecutive_failures,
        w.failing_since, w.disabled_at, w.disabled_reason
      from webhooks w left join organizations o on o.id = w.organization_id
      where not w.enabled or w.consecutive_failures > 0
      order by w.enabled, w.consecutive_failures desc, w.id
      limit ${range.limit}`),
  ]);
  const o = outcomes.rows[0] ?? {};
  const e = endpoints.rows[0] ?? {};
  const b = backlog.rows[0] ?? {};
  const succeeded = count(o.succeeded);
  const failed = count(o.failed);
  return {
    deliveries: {
      succeeded,
      failed,
      pending: count(o.pending),
      successRate: succeeded + failed === 0 ? null : succeeded / (succeeded + failed),
    },
    endpoints: {
      total: count(e.total),
      enabled: count(e.enabled),
      failing: count(e.failing),
      disabled: count(e.disabled),
    },
    backlog: { pending: count(b.pending), retrying: count(b.retrying), oldestDueAt: isoOrNull(b.oldest_due) },
    problemEndpoints: problems.rows.map((row) => ({
      webhookId: String(row.id),
      organizationId: String(row.organization_id),
      organizationName: row.name === null || row.name === undefined ? null : String(row.name),
      host: hostOf(String(row.url)),
      enabled: row.enabled === true,
      consecutiveFailures: count(row.consecutive_failures),
      failingSince: isoOrNull(row.failing_since),
      disabledAt: isoOrNull(row.disabled_at),
      disabledReason: row.disabled_reason === null ? null : String(row.disabled_reason),
    })),
  };
}
