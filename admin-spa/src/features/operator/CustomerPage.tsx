// One customer organization as an operator sees it: plan, limits in force and subscription,
// this month's usage, members, keys (metadata only), invoices, recent server errors, its own
// audit trail and the operators' actions on it — with the plan/limits and suspend dialogs.
import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useState } from "react";
import { AuditChanges } from "../../components/AuditChanges.tsx";
import { formatCount, formatTimestamp } from "../../components/charts/format.ts";
import {
  Badge,
  Button,
  DataTable,
  type DataTableColumn,
  ErrorState,
  SkeletonTable,
  StatusBadge,
} from "../../components/ui/index.ts";
import { formatMoney } from "../../lib/money.ts";
import { customerQueryOptions, type OperatorOrganization } from "../../queries/operator.ts";
import { LimitsDialog } from "./LimitsDialog.tsx";
import { SuspendDialog } from "./SuspendDialog.tsx";

type Member = OperatorOrganization["members"][number];
type Key = OperatorOrganization["keys"][number];
type AuditRow = OperatorOrganization["auditTrail"][number];

const MEMBER_COLUMNS: DataTableColumn<Member>[] = [
  { id: "name", header: "Name", cell: ({ row }) => row.original.name },
  { id: "email", header: "E-mail", cell: ({ row }) => row.original.email },
  { id: "role", header: "Role", cell: ({ row }) => row.original.role },
];

const KEY_COLUMNS: DataTableColumn<Key>[] = [
  { id: "name", header: "Name", cell: ({ row }) => row.original.name },
  {
    id: "prefix",
    header: "Prefix",
    cell: ({ row }) => <span className="mono">{row.original.displayPrefix}…</span>,
  },
  { id: "status", header: "Status", cell: ({ row }) => <StatusBadge status={row.original.status} /> },
  {
    id: "lastUsed",
    header: "Last used",
    cell: ({ row }) => (row.original.lastUsedAt ? formatTimestamp(row.original.lastUsedAt) : "Never"),
  },
];

const AUDIT_COLUMNS: DataTableColumn<AuditRow>[] = [
  { id: "time", header: "Time", cell: ({ row }) => formatTimestamp(row.original.createdAt) },
  {
    id: "actor",
    header: "Actor",
    cell: ({ row }) => row.original.actorLabel ?? row.original.actorId ?? row.original.actorType,
  },
  { id: "action", header: "Action", cell: ({ row }) => <Badge tone="neutral">{row.original.action}</Badge> },
  { id: "changes", header: "Changes", cell: ({ row }) => <AuditChanges entry={row.original} /> },
];

function Overview({ organization }: { organization: OperatorOrganization }) {
  const { limits, usage, subscription } = organization;
  return (
    <dl className="facts">
      <div>
        <dt>Plan</dt>
        <dd>
          {organization.plan} ({organization.overagePolicy})
        </dd>
      </div>
      <div>
        <dt>Limits in force</dt>
        <dd>
          {formatCount(limits.requestsPerMinute)}/min, burst {formatCount(limits.burst)},{" "}
          {limits.monthlyQuota === null ? "no monthly quota" : `${formatCount(limits.monthlyQuota)}/month`} (
          {limits.source === "override" ? "custom" : "plan"})
          {organization.limitsOverride?.expiresAt && limits.source === "override"
            ? ` until ${formatTimestamp(organization.limitsOverride.expiresAt)}`
            : ""}
        </dd>
      </div>
      <div>
        <dt>Requests in {usage.month}</dt>
        <dd className="numeric">{formatCount(usage.requests)}</dd>
      </div>
      <div>
        <dt>Subscription</dt>
        <dd>
          {subscription
            ? `${subscription.status}${subscription.cancelAtPeriodEnd ? " (cancels at period end)" : ""}`
            : organization.subscriptionStatus}
          {organization.stripeCustomerId ? (
            <span className="mono small"> {organization.stripeCustomerId}</span>
          ) : null}
        </dd>
      </div>
      <div>
        <dt>Created</dt>
        <dd>{formatTimestamp(organization.createdAt)}</dd>
      </div>
    </dl>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="card" aria-label={title}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

export function CustomerPage({ organizationId }: { organizationId: string }) {
  const query = useQuery(customerQueryOptions(organizationId));
  const [dialog, setDialog] = useState<"limits" | "suspend" | null>(null);

  if (query.isPending) return <SkeletonTable rows={6} columns={4} label="Loading the organization…" />;
  if (query.isError) {
    return (
      <ErrorState
        error={query.error}
        title="The organization could not be loaded"
        onRetry={() => void query.refetch()}
        retrying={query.isFetching}
      />
    );
  }
  const organization = query.data;
  const suspended = organization.suspension !== null;

  return (
    <div className="page-stack">
      <header className="page-header">
        <title>{`${organization.name} · Customers · Edgegate`}</title>
        <p className="muted small">
          <Link to="/operator">Customers</Link> / <span className="mono">{organization.slug}</span>
        </p>
        <h1>{organization.name}</h1>
        <div className="page-actions">
          <Button onClick={() => setDialog("limits")}>Change plan or limits</Button>
          <Button variant={suspended ? "secondary" : "danger"} onClick={() => setDialog("suspend")}>
            {suspended ? "Unsuspend" : "Suspend"}
          </Button>
        </div>
      </header>
      {organization.suspension ? (
        <div className="callout callout-error" role="status">
          <p>
            <strong>Suspended</strong> since {formatTimestamp(organization.suspension.since)}:{" "}
            {organization.suspension.reason}
          </p>
        </div>
      ) : null}
      <Overview organization={organization} />
      <Section title="Members">
        {organization.members.length === 0 ? (
          <p className="muted">No members: nobody has signed in to this organization.</p>
        ) : (
          <DataTable<Member>
            caption="Members"
            captionHidden
            columns={MEMBER_COLUMNS}
            data={organization.members}
            getRowId={(row) => row.userId}
          />
        )}
      </Section>
      <Section title="API keys">
        <DataTable<Key>
          caption="API keys"
          captionHidden
          columns={KEY_COLUMNS}
          data={organization.keys}
          getRowId={(row) => row.id}
        />
      </Section>
      <Section title="Invoices">
        {organization.invoices === null ? (
          <p className="muted">
            No invoices: billing is off, there is no Stripe customer, or Stripe did not answer.
          </p>
        ) : organization.invoices.length === 0 ? (
          <p className="muted">No invoices yet.</p>
        ) : (
          <ul>
            {organization.invoices.map((invoice) => (
              <li key={invoice.id}>
                {invoice.number ?? invoice.id} · {invoice.status} ·{" "}
                {formatMoney(invoice.total, invoice.currency)}
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title="Recent server errors">
        {organization.recentErrors.length === 0 ? (
          <p className="muted">No 5xx answers in the last 7 days.</p>
        ) : (
          <ul>
            {organization.recentErrors.map((error) => (
              <li key={error.requestId} className="mono small">
                {formatTimestamp(error.at)} {error.method} {error.path} → {error.status}{" "}
                {error.errorCode ?? ""}
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title="Audit trail">
        <DataTable<AuditRow>
          caption="The organization's audit trail, newest first"
          captionHidden
          columns={AUDIT_COLUMNS}
          data={organization.auditTrail}
          getRowId={(row) => row.id}
        />
      </Section>
      {dialog === "limits" ? (
        <LimitsDialog organization={organization} open onClose={() => setDialog(null)} />
      ) : null}
      {dialog === "suspend" ? (
        <SuspendDialog organization={organization} open onClose={() => setDialog(null)} />
      ) : null}
    </div>
  );
}
