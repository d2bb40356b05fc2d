// /operator/customers/$organizationId — one customer organization, as an operator sees it.
import { createFileRoute } from "@tanstack/react-router";
import { CustomerPage } from "../../../features/operator/CustomerPage.tsx";
import { customerQueryOptions } from "../../../queries/operator.ts";

export const Route = createFileRoute("/_app/operator/customers/$organizationId")({
  loader: ({ context: { queryClient }, params }) => {
    void queryClient.prefetchQuery(customerQueryOptions(params.organizationId));
  },
  component: CustomerRoute,
});

function CustomerRoute() {
  const { organizationId } = Route.useParams();
  return <CustomerPage organizationId={organizationId} />;
}
