// This key's latest requests from the request log, newest first, each linking to its full entry
// in Logs (/logs?requestId=…).
import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { formatLatency } from "../../components/charts/index.ts";
import { HttpStatusBadge } from "../../components/ui/Badge.tsx";
import { EmptyState } from "../../components/ui/EmptyState.tsx";
import { ErrorState } from "../../components/ui/ErrorState.tsx";
import { SkeletonTable } from "../../components/ui/Skeleton.tsx";
import { keyRecentRequestsQueryOptions, RECENT_REQUESTS_LIMIT } from "../../queries/keys.ts";
import { formatDate } from "./KeysTable.tsx";

export function KeyRecentRequests({ orgId, keyId }: { orgId: string; keyId: string }) {
  const { data, error, isPending, isFetching, refetch } = useQuery(
    keyRecentRequestsQueryOptions(orgId, keyId),
  );

  let body: React.ReactNode;
  if (isPending) body = <SkeletonTable label="Loading recent requests…" rows={3} columns={5} />;
  else if (!data) {
    body = (
      <ErrorState
        error={error}
        title="Recent requests could not be loaded"
        onRetry={() => void refetch()}
        retrying={isFetching}
      />
    );
  } else if (data.data.length === 0) {
    body = (
      <EmptyState
        title="No requests yet"
        description={
          <>
            Nothing has called the gateway with this key. Send a request with{" "}
            <code>Authorization: Bearer &lt;key&gt;</code> and it appears here within seconds.
          </>
        }
      />
    );
  } else {
    body = (
      <div className="data-table">
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">
              The {RECENT_REQUESTS_LIMIT} latest requests made with this key
            </caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Request</th>
                <th scope="col">Status</th>
                <th scope="col">Latency</th>
                <th scope="col">
                  <span className="visually-hidden">Details</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.data.map((entry) => (
                <tr key={entry.id}>
                  <td className="nowrap">
                    <time dateTime={entry.createdAt}>{formatDate(entry.createdAt, "—")}</time>
                  </td>
                  <td>
                    <code>
                      {entry.method} {entry.path}
                    </code>
                  </td>
                  <td>
                    <HttpStatusBadge status={entry.status} />
                    {entry.errorCode ? <span className="muted small"> {entry.errorCode}</span> : null}
                  </td>
                  <td className="numeric">{formatLatency(entry.latencyMs)}</td>
                  <td>
                    <Link
                      to="/logs"
                      search={{ requestId: entry.id }}
                      aria-label={`Details of request ${entry.id}`}
                    >
                      Details
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    );
  }

  return (
    <section className="section" aria-labelledby="key-requests-heading">
      <div className="section-head">
        <h2 id="key-requests-heading">Recent requests</h2>
        <Link to="/logs" search={{ keyId }}>
          All requests with this key
        </Link>
      </div>
      {body}
    </section>
  );
}
