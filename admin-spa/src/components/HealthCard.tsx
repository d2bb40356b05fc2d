import type { HealthCheck } from "../queries/health.ts";
import "./health-card.css";

export const DEPENDENCY_LABELS: Record<string, { name: string; description: string }> = {
  postgresHttp: { name: "Postgres (HTTP)", description: "Neon SQL over HTTP: key lookups and admin queries" },
  postgresWebSocket: { name: "Postgres (WebSocket)", description: "Neon pooled connections: transactions" },
  redis: { name: "Redis", description: "Upstash: rate limits and quotas" },
  kv: { name: "Workers KV", description: "Key record cache at the edge" },
  queue: { name: "Queue", description: "Request events to analytics and logs" },
};

export function dependencyName(key: string): string {
  return DEPENDENCY_LABELS[key]?.name ?? key;
}

function HealthStatusBadge({ status }: { status: HealthCheck["status"] }) {
  // The word carries the meaning; colour and the glyph only reinforce it.
  return (
    <span className={`badge badge-${status}`}>
      <span aria-hidden="true">{status === "up" ? "✓" : "✕"}</span> {status === "up" ? "Up" : "Down"}
    </span>
  );
}

export function HealthCard({ id, check }: { id: string; check: HealthCheck }) {
  const label = DEPENDENCY_LABELS[id];
  const headingId = `dependency-${id}`;
  return (
    <article className={`card health-card health-card-${check.status}`} aria-labelledby={headingId}>
      <div className="health-card-head">
        <h3 id={headingId}>{label?.name ?? id}</h3>
        <HealthStatusBadge status={check.status} />
      </div>
      {label ? <p className="muted small">{label.description}</p> : null}
      <dl className="facts">
        <div>
          <dt>Latency</dt>
          <dd>
            <span className="numeric">{check.latencyMs.toLocaleString()}</span> ms
          </dd>
        </div>
        {check.error ? (
          <div>
            <dt>Error</dt>
            <dd className="error-text">{check.error}</dd>
          </div>
        ) : null}
      </dl>
    </article>
  );
}
