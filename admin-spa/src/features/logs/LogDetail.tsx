// The request-detail drawer: every field of one log entry. Opened by `?requestId=` in the URL,
// so the link to one request can be shared; closing it removes the parameter.
import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { formatBytes, formatDateTime, formatLatency } from "../../components/charts/format.ts";
import { DetailDrawer, DetailQuery, FactList } from "../../components/DetailDrawer.tsx";
import { Badge, CopyButton, HttpStatusBadge } from "../../components/ui/index.ts";
import { type LogEntry, logEntryQueryOptions } from "../../queries/logs.ts";

/** Marks a request admitted without Redis's verdict: only the isolate's own limits applied. */
export function FailOpenBadge() {
  return (
    <span title="Admitted without Redis's verdict (Redis slow or unreachable): only this edge isolate's copy of the key's limits applied">
      <Badge tone="warning">Fail-open</Badge>
    </span>
  );
}

export function LogDetail({
  orgId,
  requestId,
  timeZone,
  onClose,
}: {
  orgId: string;
  requestId: string | undefined;
  timeZone: string;
  onClose: () => void;
}) {
  return (
    <DetailDrawer title="Request details" id={requestId} onClose={onClose}>
      {(id) => <LogDetailBody orgId={orgId} requestId={id} timeZone={timeZone} />}
    </DetailDrawer>
  );
}

function LogDetailBody({
  orgId,
  requestId,
  timeZone,
}: {
  orgId: string;
  requestId: string;
  timeZone: string;
}) {
  return (
    <DetailQuery
      query={useQuery(logEntryQueryOptions(orgId, requestId))}
      loadingLabel="Loading the request…"
      notFound={{
        title: "No request with this id",
        description:
          "It may be older than the log retention, belong to another organization, or not be logged yet (logs arrive a few seconds after the request).",
      }}
      errorTitle="The request could not be loaded"
    >
      {(entry) => <LogFacts entry={entry} timeZone={timeZone} />}
    </DetailQuery>
  );
}

function LogFacts({ entry, timeZone }: { entry: LogEntry; timeZone: string }) {
  const facts: [string, React.ReactNode][] = [
    ["Time", formatDateTime(entry.createdAt, timeZone)],
    [
      "Request",
      <span key="r" className="mono">
        {entry.method} {entry.path}
      </span>,
    ],
    ["Status", <HttpStatusBadge key="s" status={entry.status} />],
    ["Error code", entry.errorCode ? <code key="e">{entry.errorCode}</code> : "None"],
    ["Latency", formatLatency(entry.latencyMs)],
    [
      "Upstream time to first byte",
      entry.upstreamTtfbMs === null ? "Not reached" : formatLatency(entry.upstreamTtfbMs),
    ],
    ["Request body", formatBytes(entry.requestBytes)],
    ["Response body", formatBytes(entry.responseBytes)],
    [
      "API key",
      entry.apiKeyId ? (
        <span key="k">
          <Link to="/keys/$keyId" params={{ keyId: entry.apiKeyId }}>
            {entry.apiKeyId}
          </Link>
          {" · "}
          <Link to="/logs" search={{ keyId: entry.apiKeyId }}>
            All requests with this key
          </Link>
        </span>
      ) : (
        "None (refused before a key was identified)"
      ),
    ],
    ["Rate limit", entry.rateLimitOutcome ?? "Not checked"],
    [
      "Limiter failed open",
      entry.failOpen ? (
        <span key="f">
          <FailOpenBadge /> Yes: Redis did not answer in time, and the edge's own copy of the key's limits let
          it through (at most the key's limit per minute on each edge isolate)
        </span>
      ) : (
        "No"
      ),
    ],
    ["Client IP", entry.clientIp ?? "Unknown"],
    ["Country", entry.country ?? "Unknown"],
    ["User agent", entry.userAgent ?? "None"],
  ];
  return (
    <div className="settings-section">
      <div className="toolbar-group">
        <CopyButton text={entry.id} label="Copy request id" copiedMessage="Request id copied" />
      </div>
      <FactList facts={facts} />
    </div>
  );
}
