// The signed-in area (a pathless layout): every route under routes/_app/ needs a session and an
// active organization. Without a session the user goes to sign-in and comes back afterwards;
// without an organization, to the step of sign-up that creates one.
import { createFileRoute, redirect } from "@tanstack/react-router";
import { setActiveOrganization } from "../api/auth.ts";
import { safeRedirectTarget } from "../api/unauthorized.ts";
import { AppLayout } from "../components/layout/AppLayout.tsx";
import { organizationsQueryOptions } from "../queries/organizations.ts";
import { sessionQueryOptions, useSession } from "../queries/session.ts";

export const Route = createFileRoute("/_app")({
  beforeLoad: async ({ context: { queryClient }, location }) => {
    let session = await queryClient.ensureQueryData(sessionQueryOptions());
    if (!session) {
      throw redirect({ to: "/sign-in", search: { redirect: safeRedirectTarget(location.href) } });
    }
    if (!session.activeOrganizationId) {
      // Signed in, but no organization chosen: pick the first one, or create one.
      const organizations = await queryClient.ensureQueryData(organizationsQueryOptions());
      const first = organizations[0];
      if (!first) throw redirect({ to: "/sign-up", search: { step: "organization" } });
      await setActiveOrganization(first.id);
      const refreshed = await queryClient.fetchQuery({ ...sessionQueryOptions(), staleTime: 0 });
      if (!refreshed)
        throw redirect({ to: "/sign-in", search: { redirect: safeRedirectTarget(location.href) } });
      session = refreshed;
    }
    return { session };
  },
  component: AppRoute,
});

function AppRoute() {
  return <AppLayout session={useSession()} />;
}
