// /keys/$keyId — one key: its settings, usage (window in ?range=) and recent requests.
import { createFileRoute, stripSearchParams } from "@tanstack/react-router";
import { KeyDetailPage } from "../../../features/keys/KeyDetailPage.tsx";
import { KeyDetailPending } from "../../../features/keys/KeyDetailPending.tsx";
import { keyDetailSearchSchema, keyQueryOptions } from "../../../queries/keys.ts";

export const Route = createFileRoute("/_app/keys/$keyId")({
  validateSearch: keyDetailSearchSchema,
  search: { middlewares: [stripSearchParams({ range: "7d" })] },
  loader: ({ context: { queryClient, session }, params }) =>
    queryClient.ensureQueryData(keyQueryOptions(session.activeOrganizationId ?? "", params.keyId)),
  pendingComponent: KeyDetailPending,
  component: KeyDetailRoute,
});

function KeyDetailRoute() {
  const { keyId } = Route.useParams();
  const { range } = Route.useSearch();
  const navigate = Route.useNavigate();
  return (
    <KeyDetailPage
      keyId={keyId}
      range={range}
      onRangeChange={(next) => void navigate({ search: { range: next }, replace: true })}
    />
  );
}
