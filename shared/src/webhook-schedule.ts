// The webhook retry schedule's default, apart from the event catalog (webhook-events.ts, which
// re-exports it) so that the Worker's config can read it without building the catalog's schemas
// at start-up.

/** Svix's schedule: the delay (seconds) before attempt 1, 2, …; then the delivery fails. */
export const DEFAULT_RETRY_SCHEDULE_SECONDS = [0, 5, 300, 1_800, 7_200, 18_000, 36_000, 36_000] as const;
