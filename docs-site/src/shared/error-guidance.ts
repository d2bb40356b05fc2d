// What a caller should do about each error code. Typed as Record<ErrorCode, …>: a code added to
// @edgegate/shared fails the docs typecheck until it is documented here. Inline Markdown is allowed.
import type { ErrorCode } from "@edgegate/shared/errors";

export const ERROR_GUIDANCE: Record<ErrorCode, string> = {
  BAD_REQUEST:
    "The request could not be read, for example a body that is not valid JSON. Fix it before retrying.",
  VALIDATION_FAILED:
    "Correct the fields listed in `error.fields` (each has a `path` and a `message`) and send the request again.",
  UNAUTHORIZED: "Send your key as `Authorization: Bearer <key>` or `X-API-Key: <key>`.",
  INVALID_KEY:
    "The key is malformed, fails its checksum or does not exist. Look for a truncated copy or stray whitespace; retrying the same key will not help.",
  KEY_DISABLED: "An admin of the organization disabled or revoked this key. Use another key.",
  KEY_EXPIRED: "The key is past its expiry date. Create a new key in the admin console.",
  FORBIDDEN:
    "The key has no scope for this method and path. Use a key that has the scope, or ask an admin to add it.",
  IP_BLOCKED: "The key has an IP allowlist that does not include the address this request came from.",
  ORGANIZATION_SUSPENDED:
    "The API provider suspended the organization that owns this key: every key of the organization is refused until it is unsuspended. Nothing was deleted; contact the provider (the organization's admins see the reason in the console). Retrying will not help.",
  NOT_FOUND: "There is nothing at this path. Check the URL and the resource id.",
  METHOD_NOT_ALLOWED: "The path exists, but not for this HTTP method.",
  CONFLICT: "The resource already exists or changed meanwhile. Reload it, then retry the change.",
  PAYLOAD_TOO_LARGE: "Send a smaller request body.",
  UNSUPPORTED_MEDIA_TYPE: "Send the body with a supported `Content-Type`, usually `application/json`.",
  RATE_LIMITED:
    "The key sent more requests this minute than its limit allows. Wait `Retry-After` seconds, then retry. See [rate limits](/rate-limits).",
  BURST_LIMITED:
    "Too many requests arrived at once. Spread them out and wait `Retry-After` seconds. See [rate limits](/rate-limits#burst-limit).",
  QUOTA_EXCEEDED:
    "The organization has used its monthly request quota. Requests are accepted again when the quota resets, or sooner on a larger plan or with the overage policy set to bill overage. See [monthly quota](/rate-limits#monthly-quota).",
  SPEND_CAP_REACHED:
    "The organization bills overage, and its requests this month have reached the quota plus its spend cap. An admin can raise or remove the cap on the Billing page; otherwise requests are accepted again next month. See [monthly quota](/rate-limits#monthly-quota).",
  INTERNAL_ERROR:
    "A fault inside Edgegate. Retry with backoff; if it persists, contact support and quote the `requestId`.",
  UPSTREAM_ERROR:
    "The gateway could not connect to your upstream API, or the connection was reset. Check the upstream, then retry with backoff.",
  SERVICE_UNAVAILABLE:
    "A platform dependency is briefly unavailable. Retry after a short wait, honouring `Retry-After` when present.",
  BILLING_UNAVAILABLE:
    "The admin API's billing routes could not reach Stripe. Nothing else is affected; retry after `Retry-After` seconds.",
  UPSTREAM_TIMEOUT:
    "Your upstream API did not answer in time. Retry with backoff if the request is safe to repeat.",
};
