// An endpoint's health in words, for its card: a verdict (with a badge tone), the 24-hour success
// rate, the last attempt, and the failing streak. Pure, with the clock passed in (unit-tested).

import { formatPercent, formatRelative } from "../../components/charts/format.ts";
import type { BadgeTone } from "../../components/ui/index.ts";
import type { WebhookEndpoint } from "../../queries/webhooks.ts";

/**
 * Below this share of successful attempts over 24 hours, an endpoint whose last attempt
 * succeeded is still "recovering" rather than healthy.
 */
export const RECOVERING_BELOW = 0.95;

export interface HealthSummary {
  verdict: "disabled" | "failing" | "recovering" | "healthy" | "idle";
  label: string;
  tone: BadgeTone;
  /** "98.5 % of 200 attempts", or "No attempts" */
  successRate: string;
  /** "3 minutes ago", or "Never" */
  lastAttempt: string;
  /** "4 failed attempts in a row, since 2 hours ago"; null when the last attempt succeeded. */
  streak: string | null;
}

type HealthInput = Pick<WebhookEndpoint, "enabled" | "consecutiveFailures" | "failingSince" | "health">;

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

export function summarizeHealth(endpoint: HealthInput, now: number, locale?: string): HealthSummary {
  const { attempts24h, successRate24h, lastAttemptAt } = endpoint.health;
  const successRate =
    attempts24h === 0 || successRate24h === null
      ? "No attempts"
      : `${formatPercent(successRate24h, locale)} of ${plural(attempts24h, "attempt", "attempts")}`;
  const lastAttempt = lastAttemptAt ? formatRelative(lastAttemptAt, now, locale) : "Never";
  const failures = endpoint.consecutiveFailures;
  const streak =
    failures > 0
      ? `${plural(failures, "failed attempt", "failed attempts")} in a row${
          endpoint.failingSince ? `, since ${formatRelative(endpoint.failingSince, now, locale)}` : ""
        }`
      : null;
  const base = { successRate, lastAttempt, streak };
  if (!endpoint.enabled) return { ...base, verdict: "disabled", label: "Disabled", tone: "neutral" };
  if (failures > 0) return { ...base, verdict: "failing", label: "Failing", tone: "danger" };
  if (attempts24h === 0 || successRate24h === null) {
    return { ...base, verdict: "idle", label: "No recent deliveries", tone: "neutral" };
  }
  if (successRate24h < RECOVERING_BELOW) {
    return { ...base, verdict: "recovering", label: "Recovering", tone: "warning" };
  }
  return { ...base, verdict: "healthy", label: "Healthy", tone: "success" };
}
