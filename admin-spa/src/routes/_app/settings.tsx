// /settings — organization, members, invitations, automation tokens (plan and usage: /billing).
import { createFileRoute } from "@tanstack/react-router";
import { SettingsPage } from "../../features/settings/SettingsPage.tsx";
import { automationTokensOptions } from "../../queries/automation-tokens.ts";
import { invitationsOptions, membersOptions } from "../../queries/members.ts";
import { organizationSettingsOptions } from "../../queries/organization-settings.ts";
import { canAdminister } from "../../queries/session.ts";

export const Route = createFileRoute("/_app/settings")({
  loader: ({ context: { queryClient, session } }) => {
    const orgId = session?.activeOrganizationId;
    if (!orgId) return;
    void queryClient.prefetchQuery(organizationSettingsOptions(orgId));
    void queryClient.prefetchQuery(membersOptions(orgId));
    void queryClient.prefetchQuery(invitationsOptions(orgId));
    // Tokens need tokens:read (admin, owner): do not ask for what would be refused.
    if (canAdminister(session.role)) void queryClient.prefetchQuery(automationTokensOptions(orgId));
  },
  component: SettingsPage,
});
