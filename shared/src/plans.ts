// The plan catalog: one place for per-plan limits, read by the gateway (enforcement),
// the admin API (usage against quota) and billing.
export const PLANS = {
  FREE: { name: "Free", requestsPerMinute: 60, burst: 20, monthlyQuota: 10_000 },
  STARTER: { name: "Starter", requestsPerMinute: 600, burst: 100, monthlyQuota: 100_000 },
  PRO: { name: "Pro", requestsPerMinute: 6_000, burst: 500, monthlyQuota: 1_000_000 },
  ENTERPRISE: { name: "Enterprise", requestsPerMinute: 60_000, burst: 2_000, monthlyQuota: null },
} as const satisfies Record<
  string,
  { name: string; requestsPerMinute: number; burst: number; monthlyQuota: number | null }
>;

export type PlanId = keyof typeof PLANS;
export const PLAN_IDS = Object.keys(PLANS) as PlanId[];
