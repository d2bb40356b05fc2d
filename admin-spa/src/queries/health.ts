// GET /api/health: the platform's dependencies, each with up/down and latency. The endpoint answers
// 503 with the same body when something is down; that is a report to show, not a failed request.
import { queryOptions } from "@tanstack/react-query";
import { type ApiClient, ApiRequestError, api, unwrap } from "../api/client.ts";

export type CheckStatus = "up" | "down";

export interface HealthCheck {
  status: CheckStatus;
  latencyMs: number;
  error?: string;
}

export interface HealthReport {
  status: CheckStatus;
  checks: {
    postgresHttp: HealthCheck;
    postgresWebSocket: HealthCheck;
    redis: HealthCheck;
    kv: HealthCheck;
    queue: HealthCheck;
  };
}

export const HEALTH_REFETCH_INTERVAL_MS = 10_000;

function isCheck(value: unknown): value is HealthCheck {
  if (typeof value !== "object" || value === null) return false;
  const check = value as Record<string, unknown>;
  return (check.status === "up" || check.status === "down") && typeof check.latencyMs === "number";
}

export function isHealthReport(value: unknown): value is HealthReport {
  if (typeof value !== "object" || value === null) return false;
  const report = value as Record<string, unknown>;
  if (report.status !== "up" && report.status !== "down") return false;
  const checks = report.checks;
  return typeof checks === "object" && checks !== null && Object.values(checks).every(isCheck);
}

export async function fetchHealth(client: ApiClient = api, signal?: AbortSignal): Promise<HealthReport> {
  const body: unknown = await unwrap(client.GET("/health", signal ? { signal } : {}), {
    acceptStatuses: [503],
  });
  if (!isHealthReport(body)) {
    throw new ApiRequestError({
      status: 200,
      code: "UNEXPECTED_RESPONSE",
      message: "The health endpoint answered in an unexpected shape.",
    });
  }
  return body;
}

export function healthQueryOptions() {
  return queryOptions({
    queryKey: ["health"],
    queryFn: ({ signal }) => fetchHealth(api, signal),
    refetchInterval: HEALTH_REFETCH_INTERVAL_MS,
    // A status page must not show a stale "up": always refetch when the page is opened again.
    staleTime: 0,
    retry: 1,
  });
}
