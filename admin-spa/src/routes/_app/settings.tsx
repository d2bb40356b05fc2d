// /settings — organization, members, invitations, automation tokens (plan and usage: /billing).
import { createFileRoute } from "@tanstack/react-router";
import { SettingsPage } from "../../features/settings/SettingsPage.tsx";
import { automationTokensQueryOptions } from "../../queries/automation-tokens.ts";
import { invitationsQueryOptions, membersQueryOptions } from "../../queries/members.ts";
import { organizationSettingsQueryOptions } from "../../queries/organization-settings.ts";
import { canAdminister } from "../../queries/session.ts";

export const Route = createFileRoute("/_app/settings")({
  loader: ({ context: { queryClient, session } }) => {
    const orgId = session?.activeOrganizationId;
    if (!orgId) return;
    void queryClient.prefetchQuery(organizationSettingsQueryOptions(orgId));
    void queryClient.prefetchQuery(membersQueryOptions(orgId));
    void queryClient.prefetchQuery(invitationsQueryOptions(orgId));
    // Tokens need tokens:read (admin, owner): do not ask for what would be refused.
    if (canAdminister(session.role)) void queryClient.prefetchQuery(automationTokensQueryOptions(orgId));
  },
  component: SettingsPage,
});
