// /operator — the operator console's home: every customer organization; search, filters, sort
// and page in the URL (parseCustomersSearch: invalid values are dropped, never an error page).
import { createFileRoute } from "@tanstack/react-router";
import { CustomersPage } from "../../../features/operator/CustomersPage.tsx";
import { customerFiltersOf, parseCustomersSearch } from "../../../features/operator/search.ts";
import { customersQueryOptions } from "../../../queries/operator.ts";

export const Route = createFileRoute("/_app/operator/")({
  validateSearch: parseCustomersSearch,
  loaderDeps: ({ search }) => search,
  loader: ({ context: { queryClient }, deps }) => {
    void queryClient.prefetchQuery(customersQueryOptions(customerFiltersOf(deps)));
  },
  component: CustomersRoute,
});

function CustomersRoute() {
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  return <CustomersPage search={search} onSearchChange={(next) => void navigate({ search: next })} />;
}
