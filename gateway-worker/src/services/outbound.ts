// Outbound requests a Worker invocation makes side by side (webhook sends, Stripe meter events).
// An invocation has at most 6 connections open at once; past that the runtime queues a fetch while
// its timeout already runs, so one slow peer would time out requests that never left. Each batch
// of outbound work is bounded here instead, and a request's timeout starts when it does.
import pLimit, { type LimitFunction } from "p-limit";

export const CONNECTIONS_PER_INVOCATION = 6;

/** A limiter letting CONNECTIONS_PER_INVOCATION tasks run at once (one per batch of work). */
export const outboundSlots = (): LimitFunction => pLimit(CONNECTIONS_PER_INVOCATION);
