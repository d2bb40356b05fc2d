// /logs — the request log. Filters, page cursors and the open request (`requestId`) live in
// the URL, validated by parseLogsSearch (invalid values are dropped, never an error page).
import { createFileRoute } from "@tanstack/react-router";
import { LogsPage } from "../../features/logs/LogsPage.tsx";
import { logFiltersOf, parseLogsSearch } from "../../features/logs/search.ts";
import { logEntryQueryOptions, logPageQueryOptions } from "../../queries/logs.ts";

export const Route = createFileRoute("/_app/logs")({
  validateSearch: parseLogsSearch,
  loaderDeps: ({ search }) => search,
  loader: ({ context: { queryClient, session }, deps }) => {
    const orgId = session?.activeOrganizationId;
    if (!orgId) return;
    void queryClient.prefetchQuery(logPageQueryOptions(orgId, logFiltersOf(deps), deps.cursor));
    if (deps.requestId) void queryClient.prefetchQuery(logEntryQueryOptions(orgId, deps.requestId));
  },
  component: LogsRoute,
});

function LogsRoute() {
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  return (
    <LogsPage
      search={search}
      onSearchChange={(next, options) => void navigate({ search: next, replace: options?.replace ?? false })}
    />
  );
}
