// /audit — the organization's audit log; filters and page cursors in the URL (parseAuditSearch).
import { createFileRoute } from "@tanstack/react-router";
import { AuditPage } from "../../features/audit/AuditPage.tsx";
import { auditFiltersOf, parseAuditSearch } from "../../features/audit/search.ts";
import { auditPageQueryOptions } from "../../queries/audit.ts";

export const Route = createFileRoute("/_app/audit")({
  validateSearch: parseAuditSearch,
  loaderDeps: ({ search }) => search,
  loader: ({ context: { queryClient, session }, deps }) => {
    const orgId = session?.activeOrganizationId;
    if (orgId)
      void queryClient.prefetchQuery(auditPageQueryOptions(orgId, auditFiltersOf(deps), deps.cursor));
  },
  component: AuditRoute,
});

function AuditRoute() {
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  return <AuditPage search={search} onSearchChange={(next) => void navigate({ search: next })} />;
}
