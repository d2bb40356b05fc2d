import type { QueryClient } from "@tanstack/react-query";
import { createRouter } from "@tanstack/react-router";
import { NotFound, RouteError } from "./components/RouteStates.tsx";
import { routeTree } from "./routeTree.gen.ts";

/** Available to every route's `beforeLoad` and `loader`. */
export interface RouterContext {
  queryClient: QueryClient;
}

export function createAppRouter(queryClient: QueryClient) {
  const router = createRouter({
    routeTree,
    context: { queryClient } satisfies RouterContext,
    defaultPreload: "intent",
    // TanStack Query owns caching and freshness; the router always asks it.
    defaultPreloadStaleTime: 0,
    // Show a route's skeleton after 400 ms (the router's default is 1 s, a long blank first paint).
    defaultPendingMs: 400,
    defaultErrorComponent: RouteError,
    defaultNotFoundComponent: NotFound,
    scrollRestoration: true,
  });
  // The router fetches a page's code only after every `beforeLoad` has answered (the signed-in
  // check is a round trip to the API): start it with the navigation instead, beside that check.
  router.subscribe("onBeforeLoad", ({ toLocation }) => {
    const [routes] = router.getMatchedRoutes(toLocation.pathname);
    // A chunk that fails to load here is loaded again, and reported, by the navigation itself.
    for (const route of routes) router.loadRouteChunk(route)?.catch(() => undefined);
  });
  return router;
}

declare module "@tanstack/react-router" {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
