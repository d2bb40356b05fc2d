// What a key looks like outside the database, for everyone who shows one: its derived status,
// and its audit summary (settings only — no hash, no secret), which is also the `data` of the
// `api_key.*` webhook events. The admin API's view (admin/api-keys/shared.ts) adds its usage
// and authorship fields to the summary; the key-expiry job sends the summary as it is.
import type { KeyStatus } from "@edgegate/shared/key-status";
import type { ApiKey } from "../db/schema/api-keys.ts";

export function keyStatus(key: ApiKey, now = Date.now()): KeyStatus {
  if (key.revokedAt) return "revoked";
  if (!key.enabled) return "disabled";
  if (key.expiresAt && key.expiresAt.getTime() <= now) return "expired";
  if (key.graceExpiresAt) return key.graceExpiresAt.getTime() <= now ? "expired" : "rotating";
  return "active";
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** The audit summary of a key (also the `api_key.*` webhook events' data). */
export function keyAuditView(key: ApiKey) {
  return {
    id: key.id,
    name: key.name,
    displayPrefix: key.displayPrefix,
    status: keyStatus(key),
    scopes: key.scopes,
    rateLimitPerMinute: key.rateLimitPerMinute,
    burstLimit: key.burstLimit,
    ipAllowlist: key.ipAllowlist,
    enabled: key.enabled,
    expiresAt: iso(key.expiresAt),
    revokedAt: iso(key.revokedAt),
    graceExpiresAt: iso(key.graceExpiresAt),
    rotatedToKeyId: key.rotatedToKeyId,
  };
}
