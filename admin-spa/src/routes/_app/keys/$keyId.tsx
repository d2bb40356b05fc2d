// /keys/$keyId — one key: its settings, usage (window in ?range=) and recent requests.
import { createFileRoute } from "@tanstack/react-router";
import { KeyDetailPage } from "../../../features/keys/KeyDetailPage.tsx";
import { DEFAULT_USAGE_RANGE, parseKeySearch } from "../../../features/keys/search.ts";
import { keyQueryOptions, keyRecentRequestsQueryOptions } from "../../../queries/keys.ts";

export const Route = createFileRoute("/_app/keys/$keyId")({
  validateSearch: parseKeySearch,
  loader: ({ context: { queryClient, session }, params }) => {
    const orgId = session?.activeOrganizationId;
    if (!orgId) return;
    void queryClient.prefetchQuery(keyQueryOptions(orgId, params.keyId));
    void queryClient.prefetchQuery(keyRecentRequestsQueryOptions(orgId, params.keyId));
  },
  component: KeyDetailRoute,
});

function KeyDetailRoute() {
  const { keyId } = Route.useParams();
  const { range = DEFAULT_USAGE_RANGE } = Route.useSearch();
  const navigate = Route.useNavigate();
  return (
    <KeyDetailPage
      keyId={keyId}
      range={range}
      onRangeChange={(next) =>
        void navigate({ search: { range: next === DEFAULT_USAGE_RANGE ? undefined : next }, replace: true })
      }
    />
  );
}
