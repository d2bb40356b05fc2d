// /webhooks — endpoints and the delivery log. The log's filters, page cursors and the open
// delivery (`deliveryId`) live in the URL, validated by parseWebhooksSearch (invalid values are
// dropped, never an error page).
import { createFileRoute } from "@tanstack/react-router";
import { deliveryFiltersOf, parseWebhooksSearch } from "../../features/webhooks/search.ts";
import { WebhooksPage } from "../../features/webhooks/WebhooksPage.tsx";
import {
  deliveryPageQueryOptions,
  deliveryQueryOptions,
  endpointsQueryOptions,
  eventTypesQueryOptions,
} from "../../queries/webhooks.ts";

export const Route = createFileRoute("/_app/webhooks")({
  validateSearch: parseWebhooksSearch,
  loaderDeps: ({ search }) => search,
  loader: ({ context: { queryClient, session }, deps }) => {
    const orgId = session?.activeOrganizationId;
    if (!orgId) return;
    void queryClient.prefetchQuery(endpointsQueryOptions(orgId));
    void queryClient.prefetchQuery(deliveryPageQueryOptions(orgId, deliveryFiltersOf(deps), deps.cursor));
    void queryClient.prefetchQuery(eventTypesQueryOptions(orgId));
    if (deps.deliveryId) void queryClient.prefetchQuery(deliveryQueryOptions(orgId, deps.deliveryId));
  },
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
