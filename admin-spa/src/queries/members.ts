// Members and invitations of the active organization, through better-auth's organization
// plugin (/api/auth/organization/*). The caller's own role comes with the session
// (queries/session.ts). Every mutation also writes an audit row, so it invalidates the audit log.
import { type QueryClient, queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { getInvitation } from "../api/auth.ts";
import { api, unwrap } from "../api/client.ts";
import { auditKeys } from "./audit.ts";
import { SESSION_QUERY_KEY } from "./session.ts";

export const MEMBER_ROLES = ["owner", "admin", "developer", "viewer"] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export interface Member {
  id: string;
  userId: string;
  organizationId: string;
  role: MemberRole;
  createdAt: string;
  user: { id: string; name: string; email: string; image?: string | null };
}

export interface Invitation {
  id: string;
  email: string;
  role: MemberRole;
  organizationId: string;
  inviterId: string;
  status: "pending" | "accepted" | "rejected" | "canceled" | (string & {});
  expiresAt: string;
  createdAt?: string;
}

// better-auth's OpenAPI document describes these bodies only loosely (no 200 schemas), so the
// shapes above are this file's, checked against the running API.

export const memberKeys = {
  members: (orgId: string) => ["org", orgId, "members"] as const,
  invitations: (orgId: string) => ["org", orgId, "invitations"] as const,
};

export function membersQueryOptions(orgId: string) {
  return queryOptions({
    queryKey: memberKeys.members(orgId),
    queryFn: async ({ signal }) => {
      const query = { organizationId: orgId, limit: 200, sortBy: "createdAt", sortDirection: "asc" } as const;
      const body = (await unwrap(
        api.GET("/auth/organization/list-members", { params: { query }, signal }),
      )) as unknown;
      return (body as { members: Member[] }).members;
    },
  });
}

export function invitationsQueryOptions(orgId: string) {
  return queryOptions({
    queryKey: memberKeys.invitations(orgId),
    queryFn: async ({ signal }) =>
      (await unwrap(
        api.GET("/auth/organization/list-invitations", {
          params: { query: { organizationId: orgId } },
          signal,
        }),
      )) as unknown as Invitation[],
    // better-auth lists accepted and canceled invitations too; the settings page shows pending ones.
    select: (invitations) => invitations.filter((invitation) => invitation.status === "pending"),
  });
}

/**
 * Roles a caller may hand out (members:write is admin and owner, gateway-worker/src/auth/roles.ts);
 * only an owner makes owners. The server still decides: a refusal is shown, not hidden.
 */
export function assignableRoles(role: MemberRole | null | undefined): readonly MemberRole[] {
  if (role === "owner") return MEMBER_ROLES;
  if (role === "admin") return ["admin", "developer", "viewer"];
  return [];
}

const invalidate = (queryClient: QueryClient, ...keys: (readonly unknown[])[]) =>
  Promise.all(keys.map((queryKey) => queryClient.invalidateQueries({ queryKey })));

export function useInviteMember(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: { email: string; role: MemberRole }) =>
      (await unwrap(
        api.POST("/auth/organization/invite-member", { body: { ...input, organizationId: orgId } }),
      )) as unknown as Invitation,
    onSuccess: () => invalidate(queryClient, memberKeys.invitations(orgId), auditKeys.all(orgId)),
  });
}

export function useCancelInvitation(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (invitationId: string) =>
      unwrap(api.POST("/auth/organization/cancel-invitation", { body: { invitationId } })),
    onSuccess: () => invalidate(queryClient, memberKeys.invitations(orgId), auditKeys.all(orgId)),
  });
}

export function useUpdateMemberRole(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { memberId: string; role: MemberRole }) =>
      unwrap(
        api.POST("/auth/organization/update-member-role", { body: { ...input, organizationId: orgId } }),
      ),
    // The caller may have changed their own role (an owner handing over): the session holds it.
    onSuccess: () =>
      invalidate(queryClient, memberKeys.members(orgId), SESSION_QUERY_KEY, auditKeys.all(orgId)),
  });
}

export function useRemoveMember(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (memberId: string) =>
      unwrap(
        api.POST("/auth/organization/remove-member", {
          body: { memberIdOrEmail: memberId, organizationId: orgId },
        }),
      ),
    onSuccess: () => invalidate(queryClient, memberKeys.members(orgId), auditKeys.all(orgId)),
  });
}

/**
 * One invitation as its recipient sees it (organization, role, inviter), before they belong to
 * the organization: not keyed by organization, and always asked afresh (it may have just expired).
 */
export function invitationQueryOptions(id: string) {
  return queryOptions({
    queryKey: ["invitation", id] as const,
    queryFn: ({ signal }) => getInvitation(id, signal),
    staleTime: 0,
  });
}
