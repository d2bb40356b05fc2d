// /sign-up — an account and a first organization; `?step=organization` is the second half alone,
// for a signed-in user who has no organization.
import { createFileRoute, redirect } from "@tanstack/react-router";
import { safeRedirectTarget } from "../api/unauthorized.ts";
import { SignUpPage } from "../features/auth/SignUpPage.tsx";
import { parseSignUpSearch } from "../features/auth/search.ts";
import { sessionQueryOptions } from "../queries/session.ts";

export const Route = createFileRoute("/sign-up")({
  validateSearch: parseSignUpSearch,
  // A guard, not a data loader: it decides where the visitor belongs before anything renders.
  beforeLoad: async ({ context: { queryClient }, search }) => {
    const session = await queryClient.ensureQueryData(sessionQueryOptions());
    if (session && (search.step !== "organization" || session.activeOrganizationId)) {
      throw redirect({ href: safeRedirectTarget(search.redirect) });
    }
    if (!session && search.step === "organization") {
      throw redirect({ to: "/sign-in", search: { redirect: "/" } });
    }
  },
  component: SignUpRoute,
});

function SignUpRoute() {
  const { redirect, step } = Route.useSearch();
  return <SignUpPage redirect={redirect} step={step} />;
}
