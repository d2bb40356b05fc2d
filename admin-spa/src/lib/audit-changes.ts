// The before/after summary of an audit entry as rows: one per field that appears on either side,
// with both values as display text. Unchanged fields are kept (marked) so the context is visible.
export interface ChangeRow {
  field: string;
  before: string;
  after: string;
  changed: boolean;
}

/** JSON-ish display text; "—" for absent. Objects and arrays are shown compactly. */
export function displayValue(value: unknown): string {
  if (value === undefined) return "—";
  if (value === null) return "null";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

export function changeRows(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): ChangeRow[] {
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].sort();
  return fields.map((field) => {
    const b = before ? before[field] : undefined;
    const a = after ? after[field] : undefined;
    const beforeText = before && Object.hasOwn(before, field) ? displayValue(b) : "—";
    const afterText = after && Object.hasOwn(after, field) ? displayValue(a) : "—";
    return { field, before: beforeText, after: afterText, changed: beforeText !== afterText };
  });
}

/** "2 fields changed" / "created" / "deleted", for the collapsed summary. */
export function changeSummary(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): string {
  if (!before && !after) return "No details";
  if (!before) return "Created";
  if (!after) return "Removed";
  const changed = changeRows(before, after).filter((row) => row.changed).length;
  if (changed === 0) return "No field changed";
  return changed === 1 ? "1 field changed" : `${changed} fields changed`;
}
