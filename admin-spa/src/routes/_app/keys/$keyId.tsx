// /keys/$keyId — one key: its settings, usage and recent requests.
import { createFileRoute } from "@tanstack/react-router";
import { KeyDetailPage, KeyDetailPending } from "../../../features/keys/KeyDetailPage.tsx";
import { keyQueryOptions } from "../../../queries/keys.ts";

export const Route = createFileRoute("/_app/keys/$keyId")({
  loader: ({ context: { queryClient, session }, params }) =>
    queryClient.ensureQueryData(keyQueryOptions(session.activeOrganizationId ?? "", params.keyId)),
  pendingComponent: KeyDetailPending,
  component: KeyDetailRoute,
});

function KeyDetailRoute() {
  return <KeyDetailPage keyId={Route.useParams().keyId} />;
}
