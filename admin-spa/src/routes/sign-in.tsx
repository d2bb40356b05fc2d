// /sign-in — signed-in visitors go straight back to where they were going (?redirect=).
import { createFileRoute, redirect } from "@tanstack/react-router";
import { safeRedirectTarget } from "../api/unauthorized.ts";
import { SignInPage } from "../features/auth/SignInPage.tsx";
import { parseSignInSearch } from "../features/auth/search.ts";
import { sessionQueryOptions } from "../queries/session.ts";

export const Route = createFileRoute("/sign-in")({
  validateSearch: parseSignInSearch,
  // A guard, not a data loader: it must know whether there is a session before anything renders.
  beforeLoad: async ({ context: { queryClient }, search }) => {
    const session = await queryClient.ensureQueryData(sessionQueryOptions());
    if (session) throw redirect({ href: safeRedirectTarget(search.redirect) });
  },
  component: SignInRoute,
});

function SignInRoute() {
  return <SignInPage redirect={Route.useSearch().redirect} />;
}
