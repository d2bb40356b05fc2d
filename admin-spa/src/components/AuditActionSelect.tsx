// The "Action" filter of an audit log (the organization's and the platform's): any action, one
// group of actions by prefix ("api_key."), or — from a shared link — an exact action not in a group.
import { Select } from "./ui/index.ts";

export function AuditActionSelect({
  groups,
  value,
  onChange,
}: {
  groups: readonly { value: string; label: string }[];
  value: string;
  onChange: (value: string) => void;
}) {
  const known = value === "" || groups.some((group) => group.value === value);
  return (
    <Select label="Action" value={value} onChange={(event) => onChange(event.target.value)}>
      <option value="">Any action</option>
      {known ? null : <option value={value}>{value}</option>}
      {groups.map((group) => (
        <option key={group.value} value={group.value}>
          {group.label}
        </option>
      ))}
    </Select>
  );
}
