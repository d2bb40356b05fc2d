// The limits on an API key's settings, stated once for the admin API's validation and the SPA's
// forms, so a value one accepts the other accepts too.

/** Characters in a key's (or automation token's, or organization's) name. */
export const MAX_KEY_NAME = 100;
/** A key's own requests-per-minute override. */
export const MAX_RATE_LIMIT = 1_000_000;
/** A key's own burst (token-bucket size) override. */
export const MAX_BURST_LIMIT = 100_000;
/** How long a rotated key may keep working: 30 days. */
export const MAX_GRACE_SECONDS = 30 * 24 * 3600;
