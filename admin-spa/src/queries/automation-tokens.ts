// Automation tokens (egt_…): list, create (the secret is in the create response only), revoke.
import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../api/client.ts";
import type { components } from "../api/schema.gen.ts";
import { auditKeys } from "./audit.ts";

export const TOKEN_ROLES = ["admin", "developer", "viewer"] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];

export type AutomationToken = components["schemas"]["AutomationToken"];
/** `token` is the secret, in this response only. */
export type CreatedAutomationToken = components["schemas"]["CreatedAutomationToken"];
export type CreateAutomationToken = components["schemas"]["CreateAutomationToken"];

export const tokenKeys = {
  list: (orgId: string) => ["org", orgId, "automation-tokens"] as const,
};

export function automationTokensQueryOptions(orgId: string) {
  return queryOptions({
    queryKey: tokenKeys.list(orgId),
    queryFn: async ({ signal }) => (await unwrap(api.GET("/automation-tokens", { signal }))).data,
  });
}

export function useCreateToken(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateAutomationToken) => unwrap(api.POST("/automation-tokens", { body: input })),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: tokenKeys.list(orgId) }),
        queryClient.invalidateQueries({ queryKey: auditKeys.all(orgId) }),
      ]),
  });
}

export function useRevokeToken(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (tokenId: string) =>
      unwrap(api.POST("/automation-tokens/{id}/revoke", { params: { path: { id: tokenId } } })),
    onSuccess: (token) => {
      queryClient.setQueryData<AutomationToken[]>(tokenKeys.list(orgId), (tokens) =>
        tokens?.map((existing) => (existing.id === token.id ? token : existing)),
      );
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: tokenKeys.list(orgId) }),
        queryClient.invalidateQueries({ queryKey: auditKeys.all(orgId) }),
      ]);
    },
  });
}
