// Settings: the organization (name, slug), members and invitations, automation tokens (the plan
// and usage are on the Billing page). Actions the caller's role cannot do are not offered (the server
// still checks, and a refusal is shown as an error).
import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { ErrorState, Skeleton } from "../../components/ui/index.ts";
import { organizationSettingsQueryOptions } from "../../queries/organization-settings.ts";
import { canAdminister, useOrgId, useSession } from "../../queries/session.ts";
import { InvitationsSection } from "./InvitationsSection.tsx";
import { MembersSection } from "./MembersSection.tsx";
import { OrganizationSection } from "./OrganizationSection.tsx";
import { TokensSection } from "./TokensSection.tsx";
import "../../components/charts/dashboard.css";

export function SettingsPage() {
  const orgId = useOrgId();
  const session = useSession();
  const admin = canAdminister(session.role);
  const organization = useQuery(organizationSettingsQueryOptions(orgId));

  return (
    <div className="page-stack">
      <header className="page-header">
        <title>Settings · Edgegate</title>
        <h1>Settings</h1>
        <p className="muted">
          Your role here: <strong>{session.role ?? "none"}</strong>.
          {admin ? "" : " Admins and owners can change these settings."}
        </p>
      </header>

      <section className="panel" aria-labelledby="settings-organization">
        <h2 id="settings-organization">Organization</h2>
        {organization.isPending ? (
          <Skeleton height="4rem" width="100%" />
        ) : organization.isError ? (
          <ErrorState
            error={organization.error}
            title="The organization could not be loaded"
            onRetry={() => void organization.refetch()}
            retrying={organization.isFetching}
          />
        ) : (
          <OrganizationSection
            key={`${organization.data.name}/${organization.data.slug}`}
            orgId={orgId}
            organization={organization.data}
            canEdit={admin}
          />
        )}
      </section>

      <section className="panel" aria-labelledby="plan" id="plan-section">
        <h2 id="plan">Plan and billing</h2>
        <p>
          The plan, this period's usage and charges, the overage policy and invoices are on the{" "}
          <Link to="/billing">Billing page</Link>.
        </p>
      </section>

      <section className="panel" aria-labelledby="settings-members">
        <h2 id="settings-members">Members</h2>
        <MembersSection orgId={orgId} callerRole={session.role} callerUserId={session.user.id} />
      </section>

      <section className="panel" aria-labelledby="settings-invitations">
        <h2 id="settings-invitations">Invitations</h2>
        <InvitationsSection orgId={orgId} callerRole={session.role} />
      </section>

      <section className="panel" aria-labelledby="settings-tokens">
        <h2 id="settings-tokens">Automation tokens</h2>
        {admin ? (
          <TokensSection orgId={orgId} />
        ) : (
          <p className="muted">Only admins and owners can see and create automation tokens.</p>
        )}
      </section>
    </div>
  );
}
