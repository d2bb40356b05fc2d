// The organizations the user belongs to, and switching the active one. Every query except the
// platform health is about the active organization, so a switch resets them all: nothing from
// the previous organization stays on screen.
import { type QueryClient, queryOptions } from "@tanstack/react-query";
import { setActiveOrganization } from "../api/auth.ts";
import { api, unwrap } from "../api/client.ts";

export function organizationsQueryOptions() {
  return queryOptions({
    queryKey: ["organizations"],
    queryFn: ({ signal }) => unwrap(api.GET("/auth/organization/list", { signal })),
    staleTime: 5 * 60_000,
  });
}

/** Query keys that do not depend on the active organization. */
const ORGANIZATION_INDEPENDENT = new Set(["health", "organizations"]);

export async function switchOrganization(queryClient: QueryClient, organizationId: string): Promise<void> {
  await setActiveOrganization(organizationId);
  queryClient.removeQueries({
    predicate: (query) => !ORGANIZATION_INDEPENDENT.has(String(query.queryKey[0])),
  });
}
