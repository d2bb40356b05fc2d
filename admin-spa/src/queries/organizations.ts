// The organizations the user belongs to, and switching the active one. Query keys of
// organization data carry the organization id, so after a switch the pages ask for the new
// organization's data under new keys; the old organization's entries are dropped once nothing
// shows them, and anything not keyed by organization is refetched.
import { type Query, type QueryClient, queryOptions } from "@tanstack/react-query";
import { setActiveOrganization } from "../api/auth.ts";
import { api, unwrap } from "../api/client.ts";
import { SESSION_QUERY_KEY, sessionQueryOptions } from "./session.ts";

export function organizationsQueryOptions() {
  return queryOptions({
    queryKey: ["organizations"],
    queryFn: ({ signal }) => unwrap(api.GET("/auth/organization/list", { signal })),
    staleTime: 5 * 60_000,
  });
}

/** Query keys that do not depend on the active organization. */
const ORGANIZATION_INDEPENDENT = new Set(["health", "organizations", SESSION_QUERY_KEY[0]]);

function dependsOnOrganization(query: Query): boolean {
  return !ORGANIZATION_INDEPENDENT.has(String(query.queryKey[0]));
}

/**
 * Makes `organizationId` active. Resolves once the session says so; the caller then reloads the
 * route (router.invalidate) so loaders run for the new organization. Queries on screen are never
 * removed (their components would suspend or fail mid-render); they are refetched instead.
 */
export async function switchOrganization(queryClient: QueryClient, organizationId: string): Promise<void> {
  await setActiveOrganization(organizationId);
  await queryClient.fetchQuery({ ...sessionQueryOptions(), staleTime: 0 });
  queryClient.removeQueries({
    predicate: (query) => dependsOnOrganization(query) && query.getObserversCount() === 0,
  });
  await queryClient.invalidateQueries({ predicate: dependsOnOrganization });
}
