// Pipeline step 9 (docs-site/content/gateway-internals.md): after the response body has finished
// streaming, one event per request goes to the request-logs queue (in waitUntil, so the caller
// never waits for it). A failing send never affects the response; it is sent again up to three
// times (over ~1.3 s), and only an event still unsent after that is logged
// (request_event_send_failed) and counted per isolate.
//
// Events are batched per isolate: the first event into an empty buffer schedules one
// `sendBatch` FLUSH_AFTER_MS later (or at MAX_BATCH events) and its request's waitUntil holds
// the flush; events of requests that finish meanwhile join that batch. One queue call per batch
// instead of one per request (on workerd, that call was a measurable part of every request's
// CPU). The events are plain data, so sending another request's event breaks no I/O rule.
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
    id: c.get("requestId"),
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

/** Queue sendBatch takes at most 100 messages (and 256 KB; events are far below 2 KB each). */
const MAX_BATCH = 100;
const FLUSH_AFTER_MS = 10;

interface Batch {
  events: RequestEvent[];
  full: () => void;
}
const openBatches = new WeakMap<Queue, Batch>();

/**
 * Pauses before each resend. A send that fails is usually a transient Queues error; the request
 * ids make a resend harmless even if the failed call had in fact been accepted (the consumer
 * stores each id once). All of it stays far inside the 30 s waitUntil allows after the response.
 */
const RESEND_AFTER_MS = [50, 250, 1_000];

async function sendWithRetries(queue: Queue, messages: MessageSendRequest[]): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await queue.sendBatch(messages);
      return;
    } catch (error) {
      const pause = RESEND_AFTER_MS[attempt];
      if (pause === undefined) throw error;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

/** Adds `event` to the queue's open batch; resolves once this request's part is done. */
function enqueue(queue: Queue, event: RequestEvent): Promise<void> {
  const open = openBatches.get(queue);
  if (open) {
    open.events.push(event);
    if (open.events.length >= MAX_BATCH) open.full();
    return Promise.resolve();
  }
  // This request owns the batch: its waitUntil lasts until the batch is sent.
  let full = () => {};
  const batch: Batch = { events: [event], full: () => full() };
  openBatches.set(queue, batch);
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, FLUSH_AFTER_MS);
    full = () => {
      clearTimeout(timer);
      resolve();
    };
  }).then(async () => {
    if (openBatches.get(queue) === batch) openBatches.delete(queue);
    const messages = batch.events.map((body) => ({ body, contentType: "json" as const }));
    try {
      await sendWithRetries(queue, messages);
    } catch (error) {
      sendFailures += batch.events.length;
      console.error(
        JSON.stringify({
          event: "request_event_send_failed",
          requestIds: batch.events.map((e) => e.id),
          isolateCount: sendFailures,
          error: String(error),
        }),
      );
    }
  });
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
  const queue = c.get("services").requestLogQueue;
  c.executionCtx.waitUntil(
    done.then((responseBytes) => enqueue(queue, buildRequestEvent(c, state, responseBytes))),
  );
}
