// Who is signed in, in which organization, with which role. Every authenticated route's
// `beforeLoad` reads this through `ensureQueryData`, so one request serves a whole navigation.
import { queryOptions, useSuspenseQuery } from "@tanstack/react-query";
import { api, unwrap } from "../api/client.ts";
import type { components } from "../api/schema.gen.ts";

export type Role = "owner" | "admin" | "developer" | "viewer";
export const ROLES: readonly Role[] = ["owner", "admin", "developer", "viewer"];

export interface Session {
  user: components["schemas"]["AuthUser"];
  session: components["schemas"]["AuthSession"];
  /** The organization every admin route works on; null until the user creates or joins one. */
  activeOrganizationId: string | null;
  /** The user's role there; null without an active organization. */
  role: Role | null;
  /**
   * A platform operator (sees the Operator area). get-session carries it, so knowing costs no
   * request of its own; the operator API answers 404 to everyone else whatever this says.
   */
  operator: boolean;
}

function asRole(value: string): Role | null {
  return (ROLES as readonly string[]).includes(value) ? (value as Role) : null;
}

export async function fetchSession(signal?: AbortSignal): Promise<Session | null> {
  // Both requests at once: the role does not need the session's answer to be asked for, so a
  // navigation waits for the slower of the two instead of their sum. Without a session or an
  // active organization the member answer is an error, and it is not read.
  const memberRequest = api.GET("/auth/organization/get-active-member", { signal });
  memberRequest.catch(() => undefined); // read below only when there is an organization
  // disableCookieCache: a revoked session must not look alive from a cached cookie copy.
  const body = await unwrap(
    api.GET("/auth/get-session", { params: { query: { disableCookieCache: true } }, signal }),
  );
  if (!body) return null;
  const activeOrganizationId = body.session.activeOrganizationId ?? null;
  let role: Role | null = null;
  if (activeOrganizationId) {
    const member = await unwrap(memberRequest);
    role = asRole(member.role);
  }
  return { user: body.user, session: body.session, activeOrganizationId, role, operator: body.operator };
}

export const SESSION_QUERY_KEY = ["session"] as const;

export function sessionQueryOptions() {
  return queryOptions({
    queryKey: SESSION_QUERY_KEY,
    queryFn: ({ signal }) => fetchSession(signal),
    staleTime: 60_000,
  });
}

/** The signed-in session; only under the authenticated layout, whose `beforeLoad` guarantees one. */
export function useSession(): Session {
  const { data } = useSuspenseQuery(sessionQueryOptions());
  if (!data) throw new Error("useSession() outside the authenticated layout");
  return data;
}

/** The active organization's id: every organization's data is keyed by it (["org", orgId, …]). */
export function useOrgId(): string {
  const { activeOrganizationId } = useSession();
  // The authenticated layout sends a user without an organization elsewhere; "" keeps hooks total.
  return activeOrganizationId ?? "";
}

/** Roles that may create, change, rotate, revoke and delete API keys (`keys:write`). */
export function canWriteKeys(role: Role | null): boolean {
  return role === "owner" || role === "admin" || role === "developer";
}

/** Roles that may manage members, tokens and organization settings. */
export function canAdminister(role: Role | null): boolean {
  return role === "owner" || role === "admin";
}

/** Roles that may change webhook endpoints, see and rotate their secrets, replay (`webhooks:write`). */
export function canWriteWebhooks(role: Role | null): boolean {
  return role === "owner" || role === "admin";
}
