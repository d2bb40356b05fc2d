// The operator pages' URLs. Platform audit log: `?action=&organizationId=&actorId=&cursor=&prev=`.
// Invalid values are dropped (a bad link shows the default page, never an error).
import { z } from "zod";
import {
  asSearchObject,
  cursorParam,
  prevCursorsParam,
  searchResult,
  textParam,
} from "../../lib/search-params.ts";
import type { PlatformAuditFilters } from "../../queries/operator.ts";

/** The action families operators write, for the filter's choices. */
export const PLATFORM_ACTION_GROUPS = [
  { value: "organization.", label: "Organizations" },
  { value: "operator.", label: "Operators" },
] as const;

const auditSchema = z.object({
  action: textParam(64, /^[a-z0-9_]+(\.[a-z0-9_]+)*\.?$/i),
  organizationId: textParam(128),
  actorId: textParam(128),
  cursor: cursorParam,
  prev: prevCursorsParam,
});

export type PlatformAuditSearch = PlatformAuditFilters & { cursor?: string; prev?: string[] };

export function parsePlatformAuditSearch(input: unknown): PlatformAuditSearch {
  const raw = auditSchema.parse(asSearchObject(input));
  return searchResult(auditSchema.shape, {
    ...raw,
    action: raw.action?.toLowerCase(),
    prev: raw.cursor ? raw.prev : undefined,
  });
}

export function platformAuditFiltersOf(search: PlatformAuditSearch): PlatformAuditFilters {
  const { cursor: _cursor, prev: _prev, ...filters } = search;
  return filters;
}
