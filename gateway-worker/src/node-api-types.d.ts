// The types Node tools see for `@edgegate/gateway-worker/node` (node-api.ts). The Worker's own
// signatures name its Services, which reach workerd globals (Env, KVNamespace, Queue) that a
// Node package does not declare; these say the same structurally. Services built in Node
// (@edgegate/dev/worker-services-node) carry only config and database, hence `unknown`.
// test/node-api.test.ts checks that both files export the same names.
import type { SQL } from "drizzle-orm";

/** Services, or the Node slice of them (config + database). */
type WorkerServices = unknown;
/** A rollup source for the analytics queries (rollup-source.ts). */
type RollupSource = (scope: unknown) => unknown;

export function storeEventsStatement(queue: string, input: SQL, deadLetters: SQL): SQL;
export function replayDeadLetters(services: WorkerServices): Promise<{ replayed: number; failed: number }>;
export function consumeRequestLogs(batch: unknown, services: WorkerServices): Promise<void>;

export function latencySlotSql(latencyMs: SQL): SQL;
export function isErrorSql(status: SQL): SQL;
export function isRefusedSql(outcome: SQL): SQL;
export function isBillableSql(upstreamTtfbMs: SQL): SQL;

export function compactMinuteRollups(
  services: WorkerServices,
  scheduledTime: number,
): Promise<{ movedMinuteRows: number }>;

export function createAnalytics(database: unknown): {
  summary(organizationId: string, query: unknown): Promise<unknown>;
  timeSeries(organizationId: string, query: unknown): Promise<unknown>;
  logs(organizationId: string, query: unknown): Promise<unknown>;
};
export function parseAnalyticsQuery(schema: unknown, input: unknown): unknown;
export const analyticsRangeSchema: unknown;
export const timeSeriesQuerySchema: unknown;
export const logQuerySchema: unknown;
export function querySummary(
  db: unknown,
  organizationId: string,
  range: unknown,
  source?: RollupSource,
): Promise<unknown>;
export function queryTimeSeries(
  db: unknown,
  organizationId: string,
  query: unknown,
  source?: RollupSource,
): Promise<unknown>;
export function queryLogs(
  db: unknown,
  organizationId: string,
  query: unknown,
): Promise<{ entries: unknown[] }>;
export function encodeCursor(cursor: { createdAtMs: number; id: string }): string;
export const rawTotalRows: RollupSource;

export function applyOrganizationBilling(
  services: WorkerServices,
  organizationId: string,
  change: { plan?: string; overagePolicy?: string; spendCapRequests?: number | null },
  source: unknown,
): Promise<unknown>;

/** Suspends (a reason) or unsuspends (null) an organization; the operator console's one way. */
export function setOrganizationSuspension(
  services: WorkerServices,
  organizationId: string,
  reason: string | null,
  source: unknown,
): Promise<unknown>;
