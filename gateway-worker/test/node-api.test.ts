// `@edgegate/gateway-worker/node` is node-api.ts at run time and node-api-types.d.ts for Node tools'
// type checks (dev, bench): both must offer the same names, and each name something real.
import { describe, expect, it } from "vitest";
import * as nodeApi from "../src/node-api.ts";
import type * as Declared from "../src/node-api-types.d.ts";

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
// Fails to compile when a name is exported by one file and not the other.
const sameNames: Same<keyof typeof Declared, keyof typeof nodeApi> = true;

describe("@edgegate/gateway-worker/node", () => {
  it("exports what its declared types promise, each defined", () => {
    expect(sameNames).toBe(true);
    for (const [name, value] of Object.entries(nodeApi)) expect(value, name).toBeDefined();
    expect(Object.keys(nodeApi).sort()).toEqual([
      "analyticsRangeSchema",
      "applyOrganizationBilling",
      "compactMinuteRollups",
      "consumeRequestLogs",
      "createAnalytics",
      "encodeCursor",
      "isBillableSql",
      "isErrorSql",
      "isRefusedSql",
      "latencySlotSql",
      "logQuerySchema",
      "parseAnalyticsQuery",
      "queryLogs",
      "querySummary",
      "queryTimeSeries",
      "rawTotalRows",
      "replayDeadLetters",
      "setOrganizationSuspension",
      "storeEventsStatement",
      "timeSeriesQuerySchema",
    ]);
  });
});
