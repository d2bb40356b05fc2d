// The retry schedule: delays (seconds) before attempt 1, 2, … of a run (WEBHOOK_RETRY_SCHEDULE,
// Svix's by default), with jitter so a receiver's outage does not get every retry at one instant,
// and a receiver's Retry-After honoured within the schedule's bounds.

/** Up to this fraction is added to a delay at random. */
const JITTER = 0.1;

/** Seconds from a Retry-After value (delta-seconds or an HTTP date), or null. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * The delay before the attempt at `step` (0-based) of the schedule, or null when the schedule is
 * spent. A Retry-After may lengthen the delay up to the schedule's longest, never shorten it.
 */
export function retryDelaySeconds(
  schedule: readonly number[],
  step: number,
  retryAfterSeconds: number | null,
  random: () => number = Math.random,
): number | null {
  const base = schedule[step];
  if (base === undefined) return null;
  const longest = Math.max(...schedule);
  const wanted = retryAfterSeconds === null ? base : Math.max(base, Math.min(retryAfterSeconds, longest));
  return Math.min(longest, Math.ceil(wanted * (1 + JITTER * random())));
}
