// What the gateway learns about one request as it moves through the pipeline; the request
// event is built from it once the response body has finished streaming.
import type { ErrorCode } from "@edgegate/shared/errors";
import type { KeyRecord } from "../services/key-store.ts";
import type { LimitDecision } from "../services/limiter.ts";
import type { ParsedIp } from "./client-ip.ts";
import type { GatewayPath } from "./path.ts";

export interface GatewayState {
  startedAt: number;
  clientIp: ParsedIp | null;
  path: GatewayPath | null;
  keyHash: string | null;
  record: KeyRecord | null;
  decision: LimitDecision | null;
  errorCode: ErrorCode | "CLIENT_CLOSED" | null;
  upstreamTtfbMs: number | null;
  requestBytes: number;
  /** Resolves with the response bytes once the body has streamed (or was cut off). */
  responseDone: Promise<number> | null;
}

export function newGatewayState(now: number): GatewayState {
  return {
    startedAt: now,
    clientIp: null,
    path: null,
    keyHash: null,
    record: null,
    decision: null,
    errorCode: null,
    upstreamTtfbMs: null,
    requestBytes: 0,
    responseDone: null,
  };
}
