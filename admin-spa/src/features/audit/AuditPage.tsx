// The audit log: who did what to which object, when and from where, with the before/after
// summary of each change one click away. Filters and the page cursor live in the URL.
import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useMemo, useState } from "react";
import { AuditActionSelect } from "../../components/AuditActionSelect.tsx";
import { AuditLogTable, auditColumns } from "../../components/AuditLogTable.tsx";
import { FilterBar } from "../../components/FilterBar.tsx";
import { type DataTableColumn, TextInput } from "../../components/ui/index.ts";
import { browserTimeZone } from "../../lib/time-zone.ts";
import { type AuditEntry, auditPageQueryOptions } from "../../queries/audit.ts";
import { useOrgId } from "../../queries/session.ts";
import { AUDIT_ACTION_GROUPS, type AuditSearch, auditFiltersOf, parseAuditSearch } from "./search.ts";

function actorText(entry: AuditEntry): string {
  if (entry.actorType === "system") return "System";
  const who = entry.actorLabel ?? entry.actorId ?? "Unknown";
  return entry.actorType === "token" ? `${who} (automation token)` : who;
}

function columns(timeZone: string): DataTableColumn<AuditEntry>[] {
  return auditColumns<AuditEntry>(
    timeZone,
    { id: "actor", header: "Actor", cell: ({ row }) => actorText(row.original) },
    [
      {
        id: "target",
        header: "Target",
        cell: ({ row }) => {
          const { targetType, targetId } = row.original;
          if (!targetId) return targetType;
          return (
            <span>
              {targetType}{" "}
              {targetType === "api_key" ? (
                <Link to="/keys/$keyId" params={{ keyId: targetId }} className="mono">
                  {targetId}
                </Link>
              ) : (
                <span className="mono">{targetId}</span>
              )}
            </span>
          );
        },
      },
      {
        id: "ip",
        header: "IP address",
        cell: ({ row }) => <span className="mono">{row.original.ipAddress ?? "—"}</span>,
      },
    ],
  );
}

function AuditFilters({ search, onApply }: { search: AuditSearch; onApply: (next: AuditSearch) => void }) {
  const [action, setAction] = useState(search.action ?? "");
  const [actorId, setActorId] = useState(search.actorId ?? "");
  const [targetType, setTargetType] = useState(search.targetType ?? "");
  const [targetId, setTargetId] = useState(search.targetId ?? "");
  const submit = () => onApply(parseAuditSearch({ action, actorId, targetType, targetId }));
  return (
    <FilterBar label="Audit log filters" onSubmit={submit} onClear={() => onApply({})}>
      <AuditActionSelect groups={AUDIT_ACTION_GROUPS} value={action} onChange={setAction} />
      <TextInput
        label="Actor id"
        placeholder="usr_…"
        value={actorId}
        onChange={(e) => setActorId(e.target.value)}
        spellCheck={false}
      />
      <TextInput
        label="Target type"
        placeholder="api_key"
        value={targetType}
        onChange={(e) => setTargetType(e.target.value)}
        spellCheck={false}
      />
      <TextInput
        label="Target id"
        placeholder="key_…"
        value={targetId}
        onChange={(e) => setTargetId(e.target.value)}
        spellCheck={false}
      />
    </FilterBar>
  );
}

export function AuditPage({
  search,
  onSearchChange,
}: {
  search: AuditSearch;
  onSearchChange: (next: AuditSearch) => void;
}) {
  const orgId = useOrgId();
  const timeZone = browserTimeZone();
  const filters = auditFiltersOf(search);
  const page = useQuery(auditPageQueryOptions(orgId, filters, search.cursor));
  const filtered = Object.values(filters).some((value) => value !== undefined);
  // Stable definitions, so an open "changes" disclosure survives a refetch.
  const tableColumns = useMemo(() => columns(timeZone), [timeZone]);

  const body = (
    <AuditLogTable
      name="Audit log"
      columns={tableColumns}
      page={page}
      filtered={filtered}
      emptyTitle="Nothing recorded yet"
      emptyDescription="Every change to keys, tokens, members, invitations and the organization is recorded here, with who made it and when."
      search={search}
      onSearchChange={onSearchChange}
    />
  );

  return (
    <div className="page-stack">
      <header className="page-header">
        <title>Audit log · Edgegate</title>
        <h1>Audit log</h1>
        <p className="muted">Every change made in this organization, newest first. Times in {timeZone}.</p>
      </header>
      <AuditFilters key={JSON.stringify(filters)} search={search} onApply={onSearchChange} />
      {body}
    </div>
  );
}
