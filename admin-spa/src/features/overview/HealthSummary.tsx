// A compact platform-health card for the overview: one line for the whole platform and one per
// dependency (GET /api/health, refreshed every 10 seconds).
import { useQuery } from "@tanstack/react-query";
import { dependencyName } from "../../components/HealthCard.tsx";
import { ErrorState, SkeletonTable, StatusBadge } from "../../components/ui/index.ts";
import { healthQueryOptions } from "../../queries/health.ts";
import "./overview.css";

export function HealthSummary() {
  const health = useQuery(healthQueryOptions());
  if (health.isPending) return <SkeletonTable rows={5} columns={2} label="Checking the platform status…" />;
  if (health.isError && !health.data) {
    return (
      <ErrorState
        error={health.error}
        title="The platform status could not be checked"
        onRetry={() => void health.refetch()}
        retrying={health.isFetching}
      />
    );
  }
  const checks = Object.entries(health.data.checks);
  const down = checks.filter(([, check]) => check.status === "down");
  return (
    <div className="settings-section">
      <p className={`status-banner status-banner-${health.data.status}`}>
        <span className="status-banner-icon" aria-hidden="true">
          {health.data.status === "up" ? "✓" : "!"}
        </span>
        <span>
          {down.length === 0
            ? `All systems operational (${checks.length} of ${checks.length} up).`
            : `Degraded: ${down.map(([key]) => dependencyName(key)).join(", ")} down.`}
        </span>
      </p>
      <ul className="list-plain" aria-label="Dependencies">
        {checks.map(([key, check]) => (
          <li key={key} className="error-row">
            <StatusBadge status={check.status} />
            <span>{dependencyName(key)}</span>
            <span className="muted small numeric">{check.latencyMs.toLocaleString()} ms</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
