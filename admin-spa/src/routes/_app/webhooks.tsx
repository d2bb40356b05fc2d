// /webhooks — endpoints and the delivery log. The log's filters, page cursors and the open
// delivery (`deliveryId`) live in the URL, validated by parseWebhooksSearch (invalid values are
// dropped, never an error page).
import { createFileRoute } from "@tanstack/react-router";
import { SkeletonTable } from "../../components/ui/Skeleton.tsx";
import { deliveryFiltersOf, parseWebhooksSearch } from "../../features/webhooks/search.ts";
import { WebhooksPage } from "../../features/webhooks/WebhooksPage.tsx";
import { WebhooksPageHeader } from "../../features/webhooks/WebhooksPageHeader.tsx";
import {
  deliveryOptions,
  deliveryPageOptions,
  endpointsOptions,
  eventTypesOptions,
} from "../../queries/webhooks.ts";

export const Route = createFileRoute("/_app/webhooks")({
  validateSearch: parseWebhooksSearch,
  loaderDeps: ({ search }) => search,
  loader: async ({ context: { queryClient, session }, deps }) => {
    const orgId = session?.activeOrganizationId;
    if (!orgId) return;
    // The log and the drawer load beside the page; the endpoints are what the page is about.
    void queryClient.prefetchQuery(deliveryPageOptions(orgId, deliveryFiltersOf(deps), deps.cursor));
    void queryClient.prefetchQuery(eventTypesOptions(orgId));
    if (deps.deliveryId) void queryClient.prefetchQuery(deliveryOptions(orgId, deps.deliveryId));
    await queryClient.ensureQueryData(endpointsOptions(orgId));
  },
  pendingComponent: WebhooksPending,
  component: WebhooksRoute,
});

function WebhooksRoute() {
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  return (
    <WebhooksPage
      search={search}
      onSearchChange={(next, options) => void navigate({ search: next, replace: options?.replace ?? false })}
    />
  );
}

function WebhooksPending() {
  return (
    <>
      <WebhooksPageHeader />
      <SkeletonTable label="Loading endpoints…" rows={3} columns={4} />
    </>
  );
}
