// /operator/audit — the platform audit log; filters and page cursors in the URL.
import { createFileRoute } from "@tanstack/react-router";
import { PlatformAuditPage } from "../../../features/operator/PlatformAuditPage.tsx";
import { parsePlatformAuditSearch, platformAuditFiltersOf } from "../../../features/operator/search.ts";
import { platformAuditQueryOptions } from "../../../queries/operator.ts";

export const Route = createFileRoute("/_app/operator/audit")({
  validateSearch: parsePlatformAuditSearch,
  loaderDeps: ({ search }) => search,
  loader: ({ context: { queryClient }, deps }) => {
    void queryClient.prefetchQuery(platformAuditQueryOptions(platformAuditFiltersOf(deps), deps.cursor));
  },
  component: PlatformAuditRoute,
});

function PlatformAuditRoute() {
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  return <PlatformAuditPage search={search} onSearchChange={(next) => void navigate({ search: next })} />;
}
