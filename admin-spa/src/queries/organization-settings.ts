// GET /api/organization (name, slug, plan and its limits, this month's usage against the quota)
// and PATCH /api/organization (rename, change slug). The members and invitations the same GET
// returns are read from better-auth instead (queries/members.ts), so a role change does not
// refetch usage from Redis.
import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../api/client.ts";
import type { components } from "../api/schema.gen.ts";
import { auditKeys } from "./audit.ts";

export type Organization = components["schemas"]["Organization"];
export type OrganizationSettings = components["schemas"]["OrganizationSettings"];
export type OrganizationUpdate = components["schemas"]["UpdateOrganization"];

export const organizationKeys = {
  settings: (orgId: string) => ["org", orgId, "organization"] as const,
};

export function organizationSettingsQueryOptions(orgId: string) {
  return queryOptions({
    queryKey: organizationKeys.settings(orgId),
    queryFn: ({ signal }) => unwrap(api.GET("/organization", { signal })),
    // Usage moves with every gateway request; a minute old is fine for a meter.
    staleTime: 60_000,
  });
}

/**
 * Rename / re-slug. Invalidates this organization's settings, its audit log (one new row), and
 * `extraKeys`: whatever else shows the name, e.g. the organization switcher's list.
 */
export function useUpdateOrganization(orgId: string, extraKeys: readonly (readonly unknown[])[] = []) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ["org", orgId, "organization", "update"],
    mutationFn: (update: OrganizationUpdate) => unwrap(api.PATCH("/organization", { body: update })),
    onSuccess: (organization) => {
      queryClient.setQueryData<OrganizationSettings>(organizationKeys.settings(orgId), (current) =>
        current ? { ...current, ...organization } : current,
      );
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: organizationKeys.settings(orgId) }),
        queryClient.invalidateQueries({ queryKey: auditKeys.all(orgId) }),
        ...extraKeys.map((queryKey) => queryClient.invalidateQueries({ queryKey })),
      ]);
    },
  });
}
