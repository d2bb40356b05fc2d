// The audit log's URL: `?action=&actorId=&targetType=&targetId=&cursor=`. An action ending in
// "." is a prefix ("api_key." = every key action). Invalid values are dropped.
import { z } from "zod";
import {
  asSearchObject,
  cursorParam,
  instantParam,
  prevCursorsParam,
  searchResult,
  textParam,
} from "../../lib/search-params.ts";
import type { AuditFilters } from "../../queries/audit.ts";

/** The action families the platform writes, for the filter's choices. */
export const AUDIT_ACTION_GROUPS = [
  { value: "api_key.", label: "API keys" },
  { value: "automation_token.", label: "Automation tokens" },
  { value: "member.", label: "Members" },
  { value: "invitation.", label: "Invitations" },
  { value: "organization.", label: "Organization" },
] as const;

const rawSchema = z.object({
  action: textParam(64, /^[a-z0-9_]+(\.[a-z0-9_]+)*\.?$/i),
  actorId: textParam(128),
  targetType: textParam(64, /^[a-z0-9_]+$/i),
  targetId: textParam(128),
  from: instantParam,
  to: instantParam,
  cursor: cursorParam,
  prev: prevCursorsParam,
});

export type AuditSearch = AuditFilters & { cursor?: string; prev?: string[] };

export function parseAuditSearch(input: unknown): AuditSearch {
  const raw = rawSchema.parse(asSearchObject(input));
  const search: AuditSearch = {
    ...raw,
    action: raw.action?.toLowerCase(),
    // Only meaningful on a page after the first.
    prev: raw.cursor ? raw.prev : undefined,
  };
  if (search.from && search.to && Date.parse(search.to) <= Date.parse(search.from)) search.to = undefined;
  return searchResult(rawSchema.shape, search);
}

export function auditFiltersOf(search: AuditSearch): AuditFilters {
  const { cursor: _cursor, prev: _prev, ...filters } = search;
  return filters;
}
