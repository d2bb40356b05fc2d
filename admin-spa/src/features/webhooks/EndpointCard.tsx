// One endpoint: its URL and purpose, the events it takes, its health over the last 24 hours, a
// banner when it is disabled (why, since when, and one click to re-enable), and its actions —
// only those the caller's role may take.
import { useId } from "react";
import { formatDateTime, formatRelative } from "../../components/charts/format.ts";
import { Badge, Button } from "../../components/ui/index.ts";
import type { WebhookEndpoint } from "../../queries/webhooks.ts";
import type { useEndpointActions } from "./EndpointActions.tsx";
import { summarizeHealth } from "./health.ts";

const SHOWN_TYPES = 4;

export const endpointCardId = (id: string) => `endpoint-${id}`;

export interface EndpointCardHandlers {
  actions: ReturnType<typeof useEndpointActions>;
  edit: (endpoint: WebhookEndpoint) => void;
  secret: (endpoint: WebhookEndpoint) => void;
  showDeliveries: (endpoint: WebhookEndpoint) => void;
}

export function EndpointCard({
  endpoint,
  canWrite,
  now,
  timeZone,
  handlers,
}: {
  endpoint: WebhookEndpoint;
  canWrite: boolean;
  now: number;
  timeZone: string;
  handlers: EndpointCardHandlers;
}) {
  const headingId = useId();
  const health = summarizeHealth(endpoint, now);
  const { actions } = handlers;
  const hidden = (text: string) => <span className="visually-hidden"> {text}</span>;
  const which = `for ${endpoint.description || endpoint.url}`;

  return (
    // Focusable from script only: after an endpoint is added, focus lands on its card (the button
    // that opened the dialog is gone by then), so keyboard users continue from there.
    <article
      className="card endpoint-card"
      aria-labelledby={headingId}
      id={endpointCardId(endpoint.id)}
      tabIndex={-1}
    >
      <header className="endpoint-card-head">
        <div className="endpoint-card-title">
          <h3 id={headingId} className="mono wrap-anywhere">
            {endpoint.url}
          </h3>
          {endpoint.description ? <p className="muted small">{endpoint.description}</p> : null}
        </div>
        <Badge tone={health.tone}>{health.label}</Badge>
      </header>

      {endpoint.enabled ? null : (
        <div className="callout callout-warning endpoint-disabled" role="note">
          <p className="callout-title">This endpoint is disabled</p>
          {endpoint.disabledReason ? <p>Reason: {endpoint.disabledReason}</p> : null}
          <p>
            {endpoint.disabledAt ? (
              <>
                Since{" "}
                <time dateTime={endpoint.disabledAt} title={formatDateTime(endpoint.disabledAt, timeZone)}>
                  {formatRelative(endpoint.disabledAt, now)}
                </time>
                .{" "}
              </>
            ) : null}
            No events are delivered to it. Re-enabling sends new events only; resend what it missed with
            “Resend failed” afterwards.
          </p>
          {canWrite ? (
            <div>
              <Button
                size="sm"
                busy={actions.toggling === endpoint.id}
                onClick={() => void actions.setEnabled(endpoint, true)}
              >
                Re-enable{hidden(which)}
              </Button>
            </div>
          ) : null}
        </div>
      )}

      <dl className="stat-row endpoint-health">
        <div className="stat">
          <dt>Success rate (24 h)</dt>
          <dd>{health.successRate}</dd>
        </div>
        <div className="stat">
          <dt>Last attempt</dt>
          <dd>
            {endpoint.health.lastAttemptAt ? (
              <time
                dateTime={endpoint.health.lastAttemptAt}
                title={formatDateTime(endpoint.health.lastAttemptAt, timeZone)}
              >
                {health.lastAttempt}
              </time>
            ) : (
              health.lastAttempt
            )}
          </dd>
        </div>
        <div className="stat">
          <dt>Failing streak</dt>
          <dd className={health.streak ? "endpoint-streak" : undefined}>{health.streak ?? "None"}</dd>
        </div>
      </dl>

      <div className="endpoint-events">
        <span className="muted small">Events: </span>
        {endpoint.eventTypes.length === 0 ? (
          <span className="small">All events</span>
        ) : (
          <ul className="chip-list endpoint-event-list">
            {endpoint.eventTypes.slice(0, SHOWN_TYPES).map((type) => (
              <li key={type} className="chip chip-static mono small">
                {type}
              </li>
            ))}
            {endpoint.eventTypes.length > SHOWN_TYPES ? (
              <li
                className="chip chip-static small"
                title={endpoint.eventTypes.slice(SHOWN_TYPES).join(", ")}
              >
                +{endpoint.eventTypes.length - SHOWN_TYPES} more
              </li>
            ) : null}
          </ul>
        )}
        {endpoint.rateLimitPerSecond !== null ? (
          <span className="muted small"> · at most {endpoint.rateLimitPerSecond} per second</span>
        ) : null}
      </div>

      <div className="button-row endpoint-actions">
        <Button variant="secondary" size="sm" onClick={() => handlers.showDeliveries(endpoint)}>
          Deliveries{hidden(which)}
        </Button>
        {canWrite ? (
          <>
            {endpoint.enabled ? (
              <Button variant="secondary" size="sm" onClick={() => actions.open("test", endpoint)}>
                Send test event{hidden(which)}
              </Button>
            ) : null}
            <Button variant="secondary" size="sm" onClick={() => handlers.edit(endpoint)}>
              Edit{hidden(which)}
            </Button>
            <Button variant="secondary" size="sm" onClick={() => handlers.secret(endpoint)}>
              Signing secret{hidden(which)}
            </Button>
            {endpoint.enabled ? (
              <Button variant="secondary" size="sm" onClick={() => actions.open("recover", endpoint)}>
                Resend failed{hidden(which)}
              </Button>
            ) : null}
            {endpoint.enabled ? (
              <Button
                variant="ghost"
                size="sm"
                busy={actions.toggling === endpoint.id}
                onClick={() => void actions.setEnabled(endpoint, false)}
              >
                Disable{hidden(which)}
              </Button>
            ) : null}
            <Button variant="ghost" size="sm" onClick={() => actions.open("delete", endpoint)}>
              Delete{hidden(which)}
            </Button>
          </>
        ) : null}
      </div>
    </article>
  );
}
