// The platform audit log: every operator action across every organization — who, what, which
// organization, before/after — newest first. Filters and the page cursor live in the URL.
import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useMemo, useState } from "react";
import { AuditActionSelect } from "../../components/AuditActionSelect.tsx";
import { AuditLogTable, auditColumns } from "../../components/AuditLogTable.tsx";
import { FilterBar } from "../../components/FilterBar.tsx";
import { type DataTableColumn, TextInput } from "../../components/ui/index.ts";
import { browserTimeZone } from "../../lib/time-zone.ts";
import { type PlatformAuditEntry, platformAuditQueryOptions } from "../../queries/operator.ts";
import {
  PLATFORM_ACTION_GROUPS,
  type PlatformAuditSearch,
  parsePlatformAuditSearch,
  platformAuditFiltersOf,
} from "./search.ts";

function columns(timeZone: string): DataTableColumn<PlatformAuditEntry>[] {
  return auditColumns<PlatformAuditEntry>(
    timeZone,
    { id: "operator", header: "Operator", cell: ({ row }) => row.original.actorEmail },
    [
      {
        id: "organization",
        header: "Organization",
        cell: ({ row }) => {
          const { organizationId } = row.original;
          if (!organizationId) return <span className="muted">—</span>;
          return (
            <Link to="/operator/customers/$organizationId" params={{ organizationId }} className="mono">
              {organizationId}
            </Link>
          );
        },
      },
    ],
  );
}

function Filters({
  search,
  onApply,
}: {
  search: PlatformAuditSearch;
  onApply: (next: PlatformAuditSearch) => void;
}) {
  const [action, setAction] = useState(search.action ?? "");
  const [organizationId, setOrganizationId] = useState(search.organizationId ?? "");
  const submit = () => onApply(parsePlatformAuditSearch({ action, organizationId, actorId: search.actorId }));
  return (
    <FilterBar label="Platform audit log filters" onSubmit={submit} onClear={() => onApply({})}>
      <AuditActionSelect groups={PLATFORM_ACTION_GROUPS} value={action} onChange={setAction} />
      <TextInput
        label="Organization id"
        placeholder="org_…"
        value={organizationId}
        onChange={(e) => setOrganizationId(e.target.value)}
        spellCheck={false}
      />
    </FilterBar>
  );
}

export function PlatformAuditPage({
  search,
  onSearchChange,
}: {
  search: PlatformAuditSearch;
  onSearchChange: (next: PlatformAuditSearch) => void;
}) {
  const timeZone = browserTimeZone();
  const filters = platformAuditFiltersOf(search);
  const page = useQuery(platformAuditQueryOptions(filters, search.cursor));
  const filtered = Object.values(filters).some((value) => value !== undefined);
  const tableColumns = useMemo(() => columns(timeZone), [timeZone]);

  const body = (
    <AuditLogTable
      name="Platform audit log"
      columns={tableColumns}
      page={page}
      filtered={filtered}
      emptyTitle="No operator actions yet"
      emptyDescription="Plan changes, custom limits, suspensions and operator grants are recorded here, with who made them and when."
      search={search}
      onSearchChange={onSearchChange}
    />
  );

  return (
    <div className="page-stack">
      <header className="page-header">
        <title>Platform audit log · Edgegate</title>
        <h1>Platform audit log</h1>
        <p className="muted">
          Every operator action, across all organizations, newest first. Times in {timeZone}.
        </p>
      </header>
      <Filters key={JSON.stringify(filters)} search={search} onApply={onSearchChange} />
      {body}
    </div>
  );
}
