// Facts about the gateway that both the build (reference pages) and the browser (playground)
// show: the response headers it adds and the error codes it can answer with.
import type { ErrorCode } from "@edgegate/shared/errors";

/** The headers the gateway adds to a proxied response, with what each tells the caller. */
export const GATEWAY_RESPONSE_HEADERS = [
  {
    name: "X-Request-ID",
    description: "The request's id (a UUIDv7): quote it to support; admins find it in the request log.",
  },
  { name: "X-RateLimit-Limit", description: "Requests per minute this key may send." },
  {
    name: "X-RateLimit-Remaining",
    description:
      "Requests left in the current minute window (absent when the limit was decided without Redis).",
  },
  { name: "X-RateLimit-Reset", description: "Unix time, in seconds, when the minute window resets." },
  {
    name: "RateLimit-Policy",
    description: 'IETF draft: each limit\'s quota `q` per window `w` seconds ("minute", "burst", "monthly").',
  },
  {
    name: "RateLimit",
    description: "IETF draft: each limit's remaining `r` and seconds `t` until it resets.",
  },
  { name: "Retry-After", description: "On a 429 or 503: seconds to wait before retrying." },
] as const;

/**
 * Every code the gateway itself can answer with, before or instead of your upstream's answer.
 * (The admin API's codes are in its operations' responses.)
 */
export const GATEWAY_ERROR_CODES: readonly ErrorCode[] = [
  "BAD_REQUEST",
  "UNAUTHORIZED",
  "INVALID_KEY",
  "KEY_DISABLED",
  "KEY_EXPIRED",
  "FORBIDDEN",
  "IP_BLOCKED",
  "ORGANIZATION_SUSPENDED",
  "METHOD_NOT_ALLOWED",
  "RATE_LIMITED",
  "BURST_LIMITED",
  "QUOTA_EXCEEDED",
  "INTERNAL_ERROR",
  "UPSTREAM_ERROR",
  "SERVICE_UNAVAILABLE",
  "UPSTREAM_TIMEOUT",
];
