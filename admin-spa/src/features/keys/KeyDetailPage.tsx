// /keys/$keyId: the key's facts and actions, its settings form, usage and recent requests.
import { useQuery } from "@tanstack/react-query";
import { Link, useNavigate } from "@tanstack/react-router";
import { StatusBadge } from "../../components/ui/Badge.tsx";
import { ErrorState } from "../../components/ui/ErrorState.tsx";
import { Skeleton } from "../../components/ui/Skeleton.tsx";
import { type ApiKey, keyQueryOptions, type UsageRange } from "../../queries/keys.ts";
import { canWriteKeys, useSession } from "../../queries/session.ts";
import { KeyActionButtons, useKeyActionDialogs } from "./KeyActions.tsx";
import { KeyRecentRequests } from "./KeyRecentRequests.tsx";
import { KeySettingsForm } from "./KeySettingsForm.tsx";
import { formatDate } from "./KeysTable.tsx";
import { KeyUsage } from "./KeyUsage.tsx";
import "./keys.css";

function Facts({ apiKey }: { apiKey: ApiKey }) {
  const rows: [string, React.ReactNode][] = [
    ["Prefix", <code key="p">{apiKey.displayPrefix}…</code>],
    ["Status", <StatusBadge key="s" status={apiKey.status} />],
    ["Created", formatDate(apiKey.createdAt, "—")],
    ["Last used", formatDate(apiKey.lastUsedAt, "Never")],
    ["Expires", formatDate(apiKey.expiresAt, "Never")],
  ];
  if (apiKey.graceExpiresAt) rows.push(["Old key works until", formatDate(apiKey.graceExpiresAt, "—")]);
  if (apiKey.revokedAt) rows.push(["Revoked", formatDate(apiKey.revokedAt, "—")]);
  return (
    <dl className="facts facts-wide">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
      {apiKey.rotatedToKeyId ? (
        <div>
          <dt>Replaced by</dt>
          <dd>
            <Link to="/keys/$keyId" params={{ keyId: apiKey.rotatedToKeyId }}>
              its successor
            </Link>
          </dd>
        </div>
      ) : null}
    </dl>
  );
}

export function KeyDetailPage({
  keyId,
  range,
  onRangeChange,
}: {
  keyId: string;
  range: UsageRange;
  onRangeChange: (range: UsageRange) => void;
}) {
  const session = useSession();
  const orgId = session.activeOrganizationId ?? "";
  const canWrite = canWriteKeys(session.role);
  const { data: apiKey, error, isFetching, refetch } = useQuery(keyQueryOptions(orgId, keyId));
  const navigate = useNavigate();
  const actions = useKeyActionDialogs(orgId, { afterDelete: () => void navigate({ to: "/keys" }) });

  if (!apiKey) {
    if (!error) return <KeyDetailPending />;
    return (
      <>
        <header className="page-header">
          <title>API key · Edgegate</title>
          <p className="muted small">
            <Link to="/keys">API keys</Link> <span aria-hidden="true">›</span>
          </p>
          <h1>API key</h1>
        </header>
        <ErrorState
          error={error}
          title="This key could not be loaded"
          onRetry={() => void refetch()}
          retrying={isFetching}
        />
      </>
    );
  }

  return (
    <>
      <header className="page-header">
        <title>{`${apiKey.name} · API keys · Edgegate`}</title>
        <p className="muted small">
          <Link to="/keys">API keys</Link> <span aria-hidden="true">›</span>
        </p>
        <div className="page-header-row">
          <h1>{apiKey.name}</h1>
          <KeyActionButtons apiKey={apiKey} actions={actions} canWrite={canWrite} />
        </div>
        <Facts apiKey={apiKey} />
      </header>
      <section className="section" aria-labelledby="key-settings-heading">
        <h2 id="key-settings-heading">Settings</h2>
        <KeySettingsForm key={apiKey.updatedAt} orgId={orgId} apiKey={apiKey} canWrite={canWrite} />
      </section>
      <KeyUsage orgId={orgId} keyId={apiKey.id} range={range} onRangeChange={onRangeChange} />
      <KeyRecentRequests orgId={orgId} keyId={apiKey.id} />
      {actions.dialogs}
    </>
  );
}

function KeyDetailPending() {
  return (
    <div className="section" aria-busy="true">
      <p role="status" className="visually-hidden">
        Loading the key…
      </p>
      <Skeleton width="40%" height="2rem" />
      <Skeleton width="70%" />
      <Skeleton width="60%" />
    </div>
  );
}
