// The delivery drawer (`?deliveryId=` in the URL, so one delivery is a link to share): what was
// sent — the headers of the latest attempt and the payload — what caused it, and every attempt
// with the receiver's answer, its duration and the error. Replay sends it again.
import { useQuery } from "@tanstack/react-query";
import { formErrorsFrom } from "../../api/form-errors.ts";
import { formatDateTime, formatLatency } from "../../components/charts/format.ts";
import { DetailDrawer, DetailQuery, FactList } from "../../components/DetailDrawer.tsx";
import { Button, CopyButton, toast } from "../../components/ui/index.ts";
import {
  deliveryQueryOptions,
  useReplayDelivery,
  type WebhookAttempt,
  type WebhookDeliveryDetail,
} from "../../queries/webhooks.ts";
import { DeliveryStatusBadge, outcomeText } from "./DeliveryStatus.tsx";

export function DeliveryDetail({
  orgId,
  deliveryId,
  timeZone,
  canWrite,
  onClose,
}: {
  orgId: string;
  deliveryId: string | undefined;
  timeZone: string;
  canWrite: boolean;
  onClose: () => void;
}) {
  return (
    <DetailDrawer title="Delivery details" id={deliveryId} onClose={onClose}>
      {(id) => <DeliveryBody orgId={orgId} deliveryId={id} timeZone={timeZone} canWrite={canWrite} />}
    </DetailDrawer>
  );
}

function DeliveryBody({
  orgId,
  deliveryId,
  timeZone,
  canWrite,
}: {
  orgId: string;
  deliveryId: string;
  timeZone: string;
  canWrite: boolean;
}) {
  return (
    <DetailQuery
      query={useQuery(deliveryQueryOptions(orgId, deliveryId))}
      loadingLabel="Loading the delivery…"
      notFound={{
        title: "No delivery with this id",
        description: "It may have been deleted with its endpoint, or belong to another organization.",
      }}
      errorTitle="The delivery could not be loaded"
    >
      {(detail) => <DeliveryFacts orgId={orgId} detail={detail} timeZone={timeZone} canWrite={canWrite} />}
    </DetailQuery>
  );
}

function DeliveryFacts({
  orgId,
  detail,
  timeZone,
  canWrite,
}: {
  orgId: string;
  detail: WebhookDeliveryDetail;
  timeZone: string;
  canWrite: boolean;
}) {
  const { delivery, event, endpoint, attempts } = detail;
  const replay = useReplayDelivery(orgId);
  const latest = attempts.at(-1);
  const facts: [string, React.ReactNode][] = [
    ["Status", <DeliveryStatusBadge key="s" status={delivery.status} />],
    [
      "Event type",
      <span key="t" className="mono">
        {event.type}
      </span>,
    ],
    [
      "Endpoint",
      <span key="e" className="mono wrap-anywhere">
        {endpoint?.url ?? delivery.endpointId}
      </span>,
    ],
    [
      "webhook-id",
      <span key="i" className="mono">
        {event.id}
      </span>,
    ],
    ["Created", formatDateTime(delivery.createdAt, timeZone)],
    ["Delivered", delivery.deliveredAt ? formatDateTime(delivery.deliveredAt, timeZone) : "Not yet"],
    [
      "Next attempt",
      delivery.nextAttemptAt ? formatDateTime(delivery.nextAttemptAt, timeZone) : "None scheduled",
    ],
    [
      "Caused by",
      <span key="c" className="mono wrap-anywhere">
        {describeCause(event.cause)}
      </span>,
    ],
  ];
  if (event.auditLogId) {
    facts.push([
      "Audit entry",
      <span key="a" className="mono">
        {event.auditLogId}
      </span>,
    ]);
  }

  return (
    <div className="delivery-detail">
      <div className="toolbar">
        <div className="toolbar-group">
          <CopyButton text={event.id} label="Copy webhook-id" copiedMessage="webhook-id copied" />
        </div>
        {canWrite ? (
          <div className="toolbar-group">
            <Button
              size="sm"
              busy={replay.isPending}
              disabled={delivery.status === "pending"}
              title={delivery.status === "pending" ? "Still in its retry schedule" : undefined}
              onClick={async () => {
                try {
                  await replay.mutateAsync(delivery.id);
                  toast.success("Delivery queued again");
                } catch (error) {
                  toast.error(
                    `The delivery could not be replayed: ${formErrorsFrom(error, {}).summary.join(" ")}`,
                  );
                }
              }}
            >
              {replay.isPending ? "Replaying…" : "Replay"}
            </Button>
          </div>
        ) : null}
      </div>
      <FactList facts={facts} />

      <section aria-labelledby="delivery-request">
        <h3 id="delivery-request" className="detail-heading">
          Request
        </h3>
        {latest ? (
          <HeaderList headers={latest.requestHeaders} label="Request headers of the latest attempt" />
        ) : (
          <p className="muted small">Not sent yet.</p>
        )}
        <div className="section-head">
          <h4 className="detail-subheading">Payload</h4>
          <CopyButton
            text={JSON.stringify(event.payload, null, 2)}
            label="Copy payload"
            copiedMessage="Payload copied"
          />
        </div>
        <CodeBlock label="Payload (JSON)">{JSON.stringify(event.payload, null, 2)}</CodeBlock>
      </section>

      <section aria-labelledby="delivery-attempts">
        <h3 id="delivery-attempts" className="detail-heading">
          Attempts ({attempts.length})
        </h3>
        {attempts.length === 0 ? (
          <p className="muted small">No attempt yet: the first one is on its way.</p>
        ) : (
          <ol className="attempt-list">
            {[...attempts].reverse().map((attempt) => (
              <AttemptItem
                key={attempt.attemptNumber}
                attempt={attempt}
                timeZone={timeZone}
                open={attempt === latest}
              />
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}

/** `request:<id>` → "Admin request <id>", `job:<name>` → "Job <name>", `test` → "Test event". */
export function describeCause(cause: string): string {
  const [kind, ...rest] = cause.split(":");
  const detail = rest.join(":");
  if (kind === "request") return `Admin request ${detail}`;
  if (kind === "job") return `Scheduled job ${detail}`;
  if (kind === "test") return "Test event";
  return cause;
}

function AttemptItem({
  attempt,
  timeZone,
  open,
}: {
  attempt: WebhookAttempt;
  timeZone: string;
  open: boolean;
}) {
  const ok = attempt.statusCode !== null && attempt.statusCode >= 200 && attempt.statusCode < 300;
  return (
    <li className="attempt">
      <details open={open}>
        <summary>
          <span className="attempt-summary">
            <span className="strong">Attempt {attempt.attemptNumber}</span>
            <span className={ok ? "attempt-ok" : "attempt-failed"}>
              {ok ? "✓ " : "✗ "}
              {outcomeText(attempt)}
            </span>
            <span className="muted small">{formatDateTime(attempt.startedAt, timeZone)}</span>
            <span className="muted small">{formatLatency(attempt.durationMs)}</span>
          </span>
        </summary>
        <div className="attempt-body">
          {attempt.errorMessage ? <p className="attempt-error">{attempt.errorMessage}</p> : null}
          {attempt.responseHeaders ? (
            <HeaderList headers={attempt.responseHeaders} label="Response headers" />
          ) : null}
          {attempt.responseBody ? (
            <CodeBlock label="Response body (first 1 KB)">{attempt.responseBody}</CodeBlock>
          ) : (
            <p className="muted small">No response body.</p>
          )}
        </div>
      </details>
    </li>
  );
}

function HeaderList({ headers, label }: { headers: Record<string, string>; label: string }) {
  const entries = Object.entries(headers).sort(([a], [b]) => a.localeCompare(b));
  return (
    <div className="header-list">
      <p className="detail-label">{label}</p>
      <dl className="detail-list header-detail-list">
        {entries.map(([name, value]) => (
          <div key={name} style={{ display: "contents" }}>
            <dt className="mono">{name}</dt>
            <dd className="mono wrap-anywhere">{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

function CodeBlock({ label, children }: { label: string; children: string }) {
  return (
    // A focusable scroll region, so a long payload can be scrolled from the keyboard (WCAG 2.1.1).
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a focusable scroll region is the documented fix
    <section className="code-block" tabIndex={0} aria-label={label}>
      <pre>
        <code>{children}</code>
      </pre>
    </section>
  );
}
