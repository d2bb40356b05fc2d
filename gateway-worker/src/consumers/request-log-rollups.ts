// What the consumer's rollups and usage count, defined once (store-request-events.ts applies
// these per event; analytics read the resulting columns).

/** Refusals by the limiter: counted in rollups, never billed (the gateway refunds their quota). */
export const RATE_LIMIT_REFUSALS = new Set(["rate_limited", "burst_limited", "quota_exceeded"]);

/** A failed request, for error rates: the caller or the upstream got an error status. */
export const isErrorStatus = (status: number) => status >= 400;

/** Rollup rows stand in for "no key" with an empty string (the column is part of the key). */
export const NO_KEY = "";
