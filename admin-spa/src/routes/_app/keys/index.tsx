// /keys — the organization's API keys. Filters, sort and page live in the URL (validated below).
import { createFileRoute, stripSearchParams } from "@tanstack/react-router";
import { SkeletonTable } from "../../../components/ui/Skeleton.tsx";
import { KeysPage } from "../../../features/keys/KeysPage.tsx";
import { KeysPageHeader } from "../../../features/keys/KeysPageHeader.tsx";
import { keysListQueryOptions, keysSearchSchema } from "../../../queries/keys.ts";

export const Route = createFileRoute("/_app/keys/")({
  validateSearch: keysSearchSchema,
  // Defaults stay out of the URL: /keys, not /keys?sort=-createdAt&back=[].
  search: { middlewares: [stripSearchParams({ sort: "-createdAt", back: [] })] },
  loaderDeps: ({ search }) => search,
  loader: ({ context: { queryClient, session }, deps }) =>
    queryClient.ensureQueryData(keysListQueryOptions(session.activeOrganizationId ?? "", deps)),
  pendingComponent: KeysPending,
  component: KeysRoute,
});

function KeysRoute() {
  return <KeysPage search={Route.useSearch()} />;
}

function KeysPending() {
  return (
    <>
      <KeysPageHeader />
      <SkeletonTable label="Loading API keys…" columns={6} />
    </>
  );
}
