// The platform's plumbing: fail-open admissions (from the rollups), what is countable of the
// queues (dead letters and the webhook outbox, rows in Postgres — Cloudflare Queues show the
// Worker no backlog, so the queues' own depth is on the Cloudflare dashboard), and webhook
// delivery health across every endpoint.
import type { UseQueryResult } from "@tanstack/react-query";
import { formatCount, formatDateTime, formatPercent } from "../../components/charts/format.ts";
import { QueryView } from "../../components/QueryView.tsx";
import { Badge, SkeletonTable } from "../../components/ui/index.ts";
import type { AnalyticsSummary } from "../../queries/analytics.ts";
import type { QueueDepth, WebhookHealth } from "../../queries/operator-insights.ts";

export function PlumbingSection({
  summary,
  webhooks,
  queues,
}: {
  summary: UseQueryResult<AnalyticsSummary>;
  webhooks: UseQueryResult<WebhookHealth>;
  queues: UseQueryResult<QueueDepth>;
}) {
  return (
    <>
      <div className="panel-grid">
        <section className="panel" aria-labelledby="platform-fail-open">
          <h2 id="platform-fail-open">Fail-open admissions</h2>
          <QueryView
            query={summary}
            loading={<SkeletonTable rows={2} columns={2} label="Loading fail-open admissions…" />}
            loadingLabel="Loading fail-open admissions…"
            errorTitle="Fail-open admissions could not be loaded"
          >
            {(data) => (
              <dl className="detail-list">
                <dt>Admitted without Redis's verdict</dt>
                <dd>
                  {formatCount(data.current.failOpenCount)}
                  {data.current.totalRequests > 0
                    ? ` (${formatPercent(data.current.failOpenCount / data.current.totalRequests)} of requests)`
                    : ""}
                </dd>
                <dt>Refused by the limiter</dt>
                <dd>{formatCount(data.current.rateLimitedCount)}</dd>
              </dl>
            )}
          </QueryView>
          <p className="muted small">
            Fail-open requests were limited only by each isolate's local copy of the key's limits (Redis slow
            or unreachable).
          </p>
        </section>

        <section className="panel" aria-labelledby="platform-queues">
          <h2 id="platform-queues">Dead letters and outbox</h2>
          <QueryView
            query={queues}
            loading={<SkeletonTable rows={3} columns={3} label="Loading queue counts…" />}
            loadingLabel="Loading queue counts…"
            errorTitle="Queue counts could not be loaded"
          >
            {(data) => (
              <section
                className="table-scroll"
                aria-label="Dead letters and the webhook outbox: table"
                // A scrolling region must be reachable by keyboard to be scrolled (WCAG 2.1.1).
                // biome-ignore lint/a11y/noNoninteractiveTabindex: a focusable scroll region is the documented fix
                tabIndex={0}
              >
                <table className="data-table-plain">
                  <caption className="visually-hidden">Dead letters and the webhook outbox</caption>
                  <thead>
                    <tr>
                      <th scope="col">What</th>
                      <th scope="col" className="numeric">
                        Count now
                      </th>
                      <th scope="col">Oldest</th>
                    </tr>
                  </thead>
                  <tbody>
                    <tr>
                      <th scope="row">Webhook events not yet dispatched</th>
                      <td className="numeric">{formatCount(data.outbox.undispatched)}</td>
                      <td>{data.outbox.oldestAt ? formatDateTime(data.outbox.oldestAt) : "—"}</td>
                    </tr>
                    {data.deadLetters.map((row) => (
                      <tr key={`${row.queue}-${row.kind}`}>
                        <th scope="row">
                          {row.queue}: {row.kind === "malformed" ? "malformed messages" : "dead letters"}
                        </th>
                        <td className="numeric">{formatCount(row.count)}</td>
                        <td>{row.oldestAt ? formatDateTime(row.oldestAt) : "—"}</td>
                      </tr>
                    ))}
                    {data.deadLetters.length === 0 ? (
                      <tr>
                        <th scope="row">Dead letters waiting for replay</th>
                        <td className="numeric">0</td>
                        <td>—</td>
                      </tr>
                    ) : null}
                  </tbody>
                </table>
              </section>
            )}
          </QueryView>
          <p className="muted small">
            Exact row counts in Postgres. The request-logs and webhook-deliveries queues' own backlog is not
            visible to the Worker: read it on the Cloudflare dashboard or with{" "}
            <code>wrangler queues info</code>.
          </p>
        </section>
      </div>

      <section className="panel" aria-labelledby="platform-webhooks">
        <h2 id="platform-webhooks">Webhook delivery health</h2>
        <QueryView
          query={webhooks}
          loading={<SkeletonTable rows={4} columns={4} label="Loading webhook health…" />}
          loadingLabel="Loading webhook health…"
          errorTitle="Webhook health could not be loaded"
        >
          {(data) => (
            <>
              <dl className="detail-list">
                <dt>Success rate (deliveries created in the range)</dt>
                <dd>
                  {formatPercent(data.deliveries.successRate)} · {formatCount(data.deliveries.succeeded)}{" "}
                  delivered, {formatCount(data.deliveries.failed)} failed,{" "}
                  {formatCount(data.deliveries.pending)} pending
                </dd>
                <dt>Endpoints</dt>
                <dd>
                  {formatCount(data.endpoints.total)} in all · {formatCount(data.endpoints.failing)} failing ·{" "}
                  {formatCount(data.endpoints.disabled)} disabled
                </dd>
                <dt>Waiting now</dt>
                <dd>
                  {formatCount(data.backlog.pending)} pending, {formatCount(data.backlog.retrying)} of them
                  retrying
                  {data.backlog.oldestDueAt
                    ? ` · oldest due ${formatDateTime(data.backlog.oldestDueAt)}`
                    : ""}
                </dd>
              </dl>
              {data.problemEndpoints.length === 0 ? (
                <p className="muted">No endpoint is failing or disabled.</p>
              ) : (
                <section
                  className="table-scroll"
                  aria-label="Failing and disabled endpoints: table"
                  // A scrolling region must be reachable by keyboard to be scrolled (WCAG 2.1.1).
                  // biome-ignore lint/a11y/noNoninteractiveTabindex: a focusable scroll region is the documented fix
                  tabIndex={0}
                >
                  <table className="data-table-plain">
                    <caption>Failing and disabled endpoints</caption>
                    <thead>
                      <tr>
                        <th scope="col">Endpoint host</th>
                        <th scope="col">Organization</th>
                        <th scope="col">State</th>
                        <th scope="col" className="numeric">
                          Failures in a row
                        </th>
                        <th scope="col">Since</th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.problemEndpoints.map((row) => (
                        <tr key={row.webhookId}>
                          <th scope="row">{row.host}</th>
                          <td>{row.organizationName ?? row.organizationId}</td>
                          <td>
                            {row.enabled ? (
                              <Badge tone="warning">Failing</Badge>
                            ) : (
                              <Badge tone="danger">Disabled</Badge>
                            )}
                            {row.disabledReason ? (
                              <div className="small muted">{row.disabledReason}</div>
                            ) : null}
                          </td>
                          <td className="numeric">{formatCount(row.consecutiveFailures)}</td>
                          <td>{sinceText(row.enabled ? row.failingSince : row.disabledAt)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </section>
              )}
            </>
          )}
        </QueryView>
      </section>
    </>
  );
}

const sinceText = (at: string | null) => (at ? formatDateTime(at) : "—");
