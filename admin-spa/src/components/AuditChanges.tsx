// One audit entry's before/after, folded into a disclosure: the organization's audit log and the
// operator's platform audit log show changes the same way.
import { changeRows, changeSummary } from "../lib/audit-changes.ts";

interface ChangedEntry {
  action: string;
  targetType: string;
  targetId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export function AuditChanges({ entry }: { entry: ChangedEntry }) {
  const rows = changeRows(entry.before, entry.after);
  if (rows.length === 0) return <span className="muted">—</span>;
  return (
    <details>
      <summary className="link-button">{changeSummary(entry.before, entry.after)}</summary>
      <table className="diff-table">
        <caption className="visually-hidden">
          Changes made by {entry.action} to {entry.targetType} {entry.targetId ?? ""}
        </caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.field}>
              <th scope="row" className="mono">
                {row.field}
              </th>
              <td className="mono">{row.before}</td>
              <td className="mono">
                {row.after}
                {row.changed ? <span className="visually-hidden"> (changed)</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
