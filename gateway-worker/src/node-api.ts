// The Worker's own code that Node tools run outside workerd, over a direct pg connection (see
// @edgegate/dev/worker-services-node): the traffic seed and the dead-letter replay in dev/, the
// pipeline, analytics and billing benchmarks in bench/. Imported by name as
// `@edgegate/gateway-worker/node`; its types for those tools are node-api-types.d.ts beside it
// (structural, free of workerd globals, so a Node package type-checks without the Worker's
// runtime types); test/node-api.test.ts keeps the two in step.

export { replayDeadLetters } from "./consumers/replay-dead-letters.ts";
export { consumeRequestLogs } from "./consumers/request-logs.ts";
export { storeEventsStatement } from "./consumers/store-request-events.ts";
export { isBillableSql, isErrorSql, isRefusedSql, latencySlotSql } from "./db/request-log-rollups.ts";
export { compactMinuteRollups } from "./jobs/rollup-maintenance.ts";
export {
  analyticsRangeSchema,
  createAnalytics,
  logQuerySchema,
  parseAnalyticsQuery,
  timeSeriesQuerySchema,
} from "./services/analytics/index.ts";
export { encodeCursor, queryLogs } from "./services/analytics/log-explorer.ts";
export { rawTotalRows } from "./services/analytics/rollup-source.ts";
export { querySummary } from "./services/analytics/summary.ts";
export { queryTimeSeries } from "./services/analytics/time-series.ts";
export { applyOrganizationBilling } from "./services/billing/organization-limits.ts";
export { setOrganizationSuspension } from "./services/organization-suspension.ts";
