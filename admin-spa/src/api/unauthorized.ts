// Session expiry: any API answer 401 sends the user to sign-in, with the page they were on kept
// in `?redirect=` so signing in again brings them back.
import { ApiRequestError } from "./client.ts";

/** Paths that never need a session; a 401 there is the page's own business (wrong password). */
export const PUBLIC_PATHS = ["/sign-in", "/sign-up", "/invitations"] as const;

export function isPublicPath(pathname: string): boolean {
  return PUBLIC_PATHS.some((path) => pathname === path || pathname.startsWith(`${path}/`));
}

export function isUnauthorized(error: unknown): boolean {
  return error instanceof ApiRequestError && error.status === 401;
}

/**
 * Where to return after sign-in: only a same-origin path (never `//evil.example` or a full URL,
 * which would make the sign-in page an open redirect), and never a sign-in page itself.
 */
export function safeRedirectTarget(redirect: unknown): string {
  if (typeof redirect !== "string" || !redirect.startsWith("/") || redirect.startsWith("//")) return "/";
  if (redirect.includes("\\")) return "/";
  const pathname = redirect.split(/[?#]/, 1)[0] ?? "/";
  return isPublicPath(pathname) && !pathname.startsWith("/invitations") ? "/" : redirect;
}

/**
 * The sign-in location for an error, or null when the error is not a lost session or the user is
 * already on a public page. `current` is the router's `location.href` (path + search + hash).
 */
export function signInRedirectFor(
  error: unknown,
  current: { pathname: string; href: string },
): { to: "/sign-in"; search: { redirect: string } } | null {
  if (!isUnauthorized(error) || isPublicPath(current.pathname)) return null;
  return { to: "/sign-in", search: { redirect: safeRedirectTarget(current.href) } };
}

interface RouterLike {
  state: { location: { pathname: string; href: string } };
  navigate: (options: { to: "/sign-in"; search: { redirect: string }; replace: boolean }) => Promise<void>;
}

interface CacheLike {
  subscribe: (
    listener: (event: { type: string; action?: { type: string; error?: unknown } }) => void,
  ) => () => void;
}

/**
 * Watches every query and mutation: the first 401 forgets the session (so the signed-in layout
 * cannot reuse it) and navigates to sign-in with the current page as `redirect`.
 */
export function installSessionExpiryRedirect(
  queryClient: {
    getQueryCache: () => CacheLike;
    getMutationCache: () => CacheLike;
    removeQueries: (filters: { queryKey: readonly unknown[] }) => void;
  },
  router: RouterLike,
  sessionQueryKey: readonly unknown[],
): () => void {
  let redirecting = false;
  const onEvent = (event: { type: string; action?: { type: string; error?: unknown } }) => {
    if (redirecting || event.type !== "updated" || event.action?.type !== "error") return;
    const target = signInRedirectFor(event.action.error, router.state.location);
    if (!target) return;
    redirecting = true;
    queryClient.removeQueries({ queryKey: sessionQueryKey });
    void router.navigate({ ...target, replace: true }).finally(() => {
      redirecting = false;
    });
  };
  const unsubscribeQueries = queryClient.getQueryCache().subscribe(onEvent);
  const unsubscribeMutations = queryClient.getMutationCache().subscribe(onEvent);
  return () => {
    unsubscribeQueries();
    unsubscribeMutations();
  };
}
