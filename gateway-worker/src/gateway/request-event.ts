// Step 13: after the response body has finished streaming, one event per request goes to the
// request-logs queue (in waitUntil, so the caller never waits for it). A failing send() never
// affects the response; it is logged and counted per isolate.
import type { RequestEvent } from "@edgegate/shared/events";
import type { Context } from "hono";
import type { AppEnv } from "../context.ts";
import type { GatewayState } from "./state.ts";

let sendFailures = 0;

/** Failed queue sends in this isolate (each is also logged for `wrangler tail`). */
export function requestEventSendFailures(): number {
  return sendFailures;
}

export function buildRequestEvent(
  c: Context<AppEnv>,
  state: GatewayState,
  responseBytes: number,
): RequestEvent {
  const cf = c.req.raw.cf as { country?: string } | undefined;
  return {
    type: "request",
    id: c.var.requestId,
    timestamp: state.startedAt,
    organizationId: state.record?.organizationId ?? null,
    apiKeyId: state.record?.id ?? null,
    method: c.req.method.slice(0, 16),
    path: state.path?.normalized ?? "(invalid)",
    status: c.res.status,
    latencyMs: Math.max(0, Date.now() - state.startedAt),
    upstreamTtfbMs: state.upstreamTtfbMs,
    requestBytes: state.requestBytes,
    responseBytes,
    clientIp: state.clientIp?.toString() ?? null,
    country: cf?.country?.slice(0, 8) ?? null,
    userAgent: c.req.header("User-Agent")?.slice(0, 512) ?? null,
    errorCode: state.errorCode,
    rateLimitOutcome: state.decision?.outcome ?? "skipped",
    failOpen: state.decision?.failOpen ?? false,
  };
}

export function sendRequestEvent(c: Context<AppEnv>, state: GatewayState): void {
  // Proxied bodies are counted as they stream; the gateway's own (small) bodies are measured here.
  const done =
    state.responseDone ??
    c.res
      .clone()
      .arrayBuffer()
      .then(
        (body) => body.byteLength,
        () => 0,
      );
  const queue = c.var.services.requestLogQueue;
  c.executionCtx.waitUntil(
    done
      .then((responseBytes) =>
        queue.send(buildRequestEvent(c, state, responseBytes), { contentType: "json" }),
      )
      .catch((error: unknown) => {
        sendFailures++;
        console.error(
          JSON.stringify({
            event: "request_event_send_failed",
            requestId: c.var.requestId,
            isolateCount: sendFailures,
            error: String(error),
          }),
        );
      }),
  );
}
