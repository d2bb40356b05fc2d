// A key's lifecycle states, apart from the key format (api-key.ts), whose checksum library the
// admin SPA's first load does not need: the SPA's URL parsing reads only these names.

/** A key's lifecycle states, as the admin API reports them and webhook payloads carry them. */
export const KEY_STATUSES = ["active", "rotating", "disabled", "expired", "revoked"] as const;
export type KeyStatus = (typeof KEY_STATUSES)[number];
