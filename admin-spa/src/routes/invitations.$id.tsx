// /invitations/$id — accept or decline an invitation to an organization. The invitation can only
// be read by its recipient, so a signed-out visitor signs in (or up) first and comes back here.
import { createFileRoute, redirect } from "@tanstack/react-router";
import { InvitationPage } from "../features/invitations/InvitationPage.tsx";
import { invitationQueryOptions } from "../queries/members.ts";
import { sessionQueryOptions } from "../queries/session.ts";

export const Route = createFileRoute("/invitations/$id")({
  // A guard, not a data loader: without a session the invitation cannot be read at all.
  beforeLoad: async ({ context: { queryClient }, location }) => {
    const session = await queryClient.ensureQueryData(sessionQueryOptions());
    if (!session) throw redirect({ to: "/sign-in", search: { redirect: location.href } });
  },
  loader: ({ context: { queryClient }, params }) => {
    void queryClient.prefetchQuery(invitationQueryOptions(params.id));
  },
  component: InvitationRoute,
});

function InvitationRoute() {
  return <InvitationPage id={Route.useParams().id} />;
}
