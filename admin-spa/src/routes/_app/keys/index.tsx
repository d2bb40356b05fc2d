// /keys — the organization's API keys. Search, status, sort and page live in the URL
// (parseKeysSearch: invalid values are dropped, never an error page).
import { createFileRoute } from "@tanstack/react-router";
import { KeysPage } from "../../../features/keys/KeysPage.tsx";
import { keyFiltersOf, parseKeysSearch } from "../../../features/keys/search.ts";
import { keyPageQueryOptions } from "../../../queries/keys.ts";

export const Route = createFileRoute("/_app/keys/")({
  validateSearch: parseKeysSearch,
  loaderDeps: ({ search }) => search,
  loader: ({ context: { queryClient, session }, deps }) => {
    const orgId = session?.activeOrganizationId;
    if (orgId) void queryClient.prefetchQuery(keyPageQueryOptions(orgId, keyFiltersOf(deps), deps.cursor));
  },
  component: KeysRoute,
});

function KeysRoute() {
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  return <KeysPage search={search} onSearchChange={(next) => void navigate({ search: next })} />;
}
