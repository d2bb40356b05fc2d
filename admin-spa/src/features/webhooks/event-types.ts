// The event-type picker's logic: the catalog grouped by resource (the part before the dot), and a
// selection where "every event" is its own choice — the API reads an empty list as all types,
// including ones added later, which is not the same as ticking every box today.
import type { EventTypeInfo } from "../../queries/webhooks.ts";

export interface EventGroup {
  /** The type prefix: "api_key", "member"… */
  id: string;
  label: string;
  types: EventTypeInfo[];
}

const GROUP_LABELS: Record<string, string> = {
  api_key: "API keys",
  automation_token: "Automation tokens",
  member: "Members",
  usage: "Usage",
  webhook_endpoint: "Webhook endpoints",
};

/** Groups in the catalog's order, types in theirs. */
export function groupEventTypes(types: readonly EventTypeInfo[]): EventGroup[] {
  const groups = new Map<string, EventGroup>();
  for (const info of types) {
    const id = info.type.split(".")[0] ?? info.type;
    const group = groups.get(id) ?? { id, label: GROUP_LABELS[id] ?? id, types: [] };
    group.types.push(info);
    groups.set(id, group);
  }
  return [...groups.values()];
}

export type GroupState = "all" | "some" | "none";

export function groupState(selected: readonly string[], group: EventGroup): GroupState {
  const chosen = group.types.filter((info) => selected.includes(info.type)).length;
  if (chosen === 0) return "none";
  return chosen === group.types.length ? "all" : "some";
}

/** Ticks or unticks a whole group; the result keeps the catalog's order. */
export function setGroup(
  selected: readonly string[],
  group: EventGroup,
  on: boolean,
  catalog: readonly EventTypeInfo[],
): string[] {
  const inGroup = new Set(group.types.map((info) => info.type));
  const next = new Set(selected.filter((type) => !inGroup.has(type)));
  if (on) for (const type of inGroup) next.add(type);
  return inCatalogOrder(next, catalog);
}

export function setType(
  selected: readonly string[],
  type: string,
  on: boolean,
  catalog: readonly EventTypeInfo[],
): string[] {
  const next = new Set(selected);
  if (on) next.add(type);
  else next.delete(type);
  return inCatalogOrder(next, catalog);
}

function inCatalogOrder(types: Set<string>, catalog: readonly EventTypeInfo[]): string[] {
  const known = catalog.map((info) => info.type).filter((type) => types.has(type));
  // Types the catalog no longer lists (an older endpoint's) stay, after the known ones.
  return [...known, ...[...types].filter((type) => !known.includes(type))];
}
