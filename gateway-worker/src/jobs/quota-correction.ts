// Corrects each organization's monthly quota counter in Redis (the edge's fast copy) from the
// billing ledger (the exactly-once truth). They drift: requests admitted fail-open were never
// counted, refunds of refused requests can be lost, a request refused at the quota stays counted,
// and a request the upstream never answered (502/504) is counted but not billable.
//
// How, without ever taking the counter below what the edge has admitted: each run leaves a mark
// — the counter's value M and the time t it was read — next to the counter. The next run (an
// hour later, when every event from before t has settled in the ledger) computes the drift as of
// t, d = M - L(t), where L(t) is the ledger's billable count from the month's start up to t
// (rounded up to the minute, so it never undercounts), and moves the counter by -d atomically.
// What the edge counted after t is untouched, so requests admitted since keep their place; a
// drift in favour of the counter (L(t) > M: fail-open admissions) raises it. On the first run of
// a month (no mark) the counter is only raised to the ledger's count, never lowered.
import type { Services } from "../context.ts";
import { adminRedis } from "../services/admin-redis.ts";
import {
  billableUpTo,
  LEDGER_SETTLE_MS,
  monthOf,
  organizationsWithUsage,
} from "../services/billing/ledger.ts";
import { quotaKey } from "../services/limiter.ts";

export const quotaMarkKey = (organizationId: string, now: number) => `${quotaKey(organizationId, now)}:mark`;

/** The counter and its mark outlive the month by a week, as the limiter's own expiry does. */
const KEEP_SECONDS = 40 * 86_400;

// KEYS: counter, mark. ARGV: the mark's expected `at` ("" = none), the delta, the raise-only
// floor ("" = none), the new mark's `at`, the expiry. Refuses (returns -1) if another run moved
// the mark meanwhile; returns { the counter's new value, the delta applied }.
const APPLY_SCRIPT = `local at = redis.call("HGET", KEYS[2], "at") or ""
if at ~= ARGV[1] then return {-1, 0} end
local current = tonumber(redis.call("GET", KEYS[1]) or "0")
local delta = tonumber(ARGV[2])
if ARGV[3] ~= "" then
  delta = math.max(0, tonumber(ARGV[3]) - current)
end
if delta ~= 0 then
  current = redis.call("INCRBY", KEYS[1], delta)
  redis.call("EXPIRE", KEYS[1], ARGV[5])
end
redis.call("HSET", KEYS[2], "value", current, "at", ARGV[4])
redis.call("EXPIRE", KEYS[2], ARGV[5])
return {current, delta}`;

export interface QuotaCorrection {
  organizationId: string;
  /** The counter moved by this much (negative: lowered). */
  delta: number;
  counter: number;
}

/**
 * The mark's time is taken just before the script reads the counter: the ledger is read up to a
 * little past it, so a request counted in between is never missing from L(t).
 */
const MARK_SLACK_MS = 5_000;

export async function correctQuotaCounters(
  services: Services,
  scheduledTime: number,
  clock: () => number = Date.now,
): Promise<QuotaCorrection[]> {
  const month = monthOf(scheduledTime);
  const redis = adminRedis(services);
  const corrections: QuotaCorrection[] = [];
  for (const organizationId of await organizationsWithUsage(services, month)) {
    const counterKey = quotaKey(organizationId, scheduledTime);
    const markKey = quotaMarkKey(organizationId, scheduledTime);
    const mark = await redis.hgetall<{ value: string; at: string }>(markKey);
    const now = clock();
    let delta = "0";
    let floor = "";
    if (mark?.at) {
      const markedAt = Number(mark.at);
      // Events from before the mark may still be on their way to the ledger: next run.
      if (now < markedAt + LEDGER_SETTLE_MS) continue;
      const billed = await billableUpTo(
        services,
        organizationId,
        month.from,
        new Date(markedAt + MARK_SLACK_MS),
      );
      delta = String(billed - Number(mark.value));
    } else {
      // Everything billed so far was admitted: a safe floor.
      floor = String(await billableUpTo(services, organizationId, month.from, new Date(now)));
    }
    const [counter, moved] = await redis.eval<string[], [number, number]>(
      APPLY_SCRIPT,
      [counterKey, markKey],
      [mark?.at ?? "", delta, floor, String(now), String(KEEP_SECONDS)],
    );
    if (counter === -1) continue;
    if (moved !== 0) corrections.push({ organizationId, delta: moved, counter });
  }
  if (corrections.length > 0) console.log(JSON.stringify({ event: "quota_counters_corrected", corrections }));
  return corrections;
}
