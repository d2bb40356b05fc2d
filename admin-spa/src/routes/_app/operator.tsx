// /operator/* — the operator console's layout: only platform operators (session.operator, from
// get-session) get past it; everyone else gets the not-found page, as the API answers them 404.
import { createFileRoute, notFound, Outlet } from "@tanstack/react-router";

export const Route = createFileRoute("/_app/operator")({
  beforeLoad: ({ context: { session } }) => {
    if (!session?.operator) throw notFound();
  },
  component: Outlet,
});
