// The operator pages' URLs. Platform audit log: `?action=&organizationId=&actorId=&cursor=&prev=`.
// Invalid values are dropped (a bad link shows the default page, never an error).
import { z } from "zod";
import {
  asSearchObject,
  cursorParam,
  enumParam,
  prevCursorsParam,
  searchResult,
  textParam,
} from "../../lib/search-params.ts";
import {
  CUSTOMER_SORTS,
  type CustomerFilters,
  type CustomerSort,
  type PlatformAuditFilters,
} from "../../queries/operator.ts";

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

const customersSchema = z.object({
  q: textParam(200),
  plan: enumParam(["FREE", "STARTER", "PRO", "ENTERPRISE"]),
  status: enumParam(["active", "suspended"]),
  sort: textParam(16, /^-?[a-zA-Z]+$/),
  offset: z.coerce.number().int().min(0).max(100_000).optional().catch(undefined),
});

/** Customers list: `?q=&plan=&status=&sort=-requests&offset=` (sort: a column, "-" for descending). */
export type CustomersSearch = z.infer<typeof customersSchema>;

export function parseCustomersSearch(input: unknown): CustomersSearch {
  const raw = customersSchema.parse(asSearchObject(input));
  const column = raw.sort?.replace(/^-/, "");
  const sort = column && (CUSTOMER_SORTS as readonly string[]).includes(column) ? raw.sort : undefined;
  return searchResult(customersSchema.shape, { ...raw, sort, offset: raw.offset || undefined });
}

/** The default order: the busiest customers first. */
export const DEFAULT_CUSTOMER_SORT = "-requests";

export function customerFiltersOf(search: CustomersSearch): CustomerFilters {
  const sort = search.sort ?? DEFAULT_CUSTOMER_SORT;
  return {
    q: search.q,
    plan: search.plan,
    status: search.status,
    sort: sort.replace(/^-/, "") as CustomerSort,
    order: sort.startsWith("-") ? "desc" : "asc",
    offset: search.offset,
  };
}
