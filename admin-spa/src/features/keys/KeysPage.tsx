// /keys: search, status filter, sort and cursor pagination, all in the URL; create and row actions.
import { useQuery } from "@tanstack/react-query";
import { type ReactNode, useEffect, useId, useState } from "react";
import { KeysetPagination } from "../../components/KeysetPagination.tsx";
import { Button } from "../../components/ui/Button.tsx";
import { sortingFromParam, sortParamFrom } from "../../components/ui/DataTable.tsx";
import { EmptyState } from "../../components/ui/EmptyState.tsx";
import { ErrorState } from "../../components/ui/ErrorState.tsx";
import { SkeletonTable } from "../../components/ui/Skeleton.tsx";
import { compact } from "../../lib/search-params.ts";
import { KEY_SORTS, KEY_STATUSES, keyPageQueryOptions } from "../../queries/keys.ts";
import { canWriteKeys, useSession } from "../../queries/session.ts";
import { CreateKeyDialog } from "./CreateKeyDialog.tsx";
import { useKeyActionDialogs } from "./KeyActions.tsx";
import { KeysTable } from "./KeysTable.tsx";
import { DEFAULT_KEY_SORT, type KeysSearch, keyFiltersOf } from "./search.ts";
import "./keys.css";

const PAGE_NAMES = { first: "First page", previous: "Previous page", next: "Next page" };

/** Filter changes start again from the first page. */
function withFilters(
  search: KeysSearch,
  patch: Partial<Pick<KeysSearch, "q" | "status" | "sort">>,
): KeysSearch {
  return compact({ ...search, ...patch, cursor: undefined, prev: undefined });
}

export function KeysPage({
  search,
  onSearchChange: setSearch,
}: {
  search: KeysSearch;
  onSearchChange: (search: KeysSearch) => void;
}) {
  const session = useSession();
  const orgId = session.activeOrganizationId ?? "";
  const canWrite = canWriteKeys(session.role);
  const { data, error, isPending, isFetching, isPlaceholderData, refetch } = useQuery(
    keyPageQueryOptions(orgId, keyFiltersOf(search), search.cursor),
  );
  const [creating, setCreating] = useState(false);
  const actions = useKeyActionDialogs(orgId);

  const filtered = Boolean(search.q || search.status);
  const createButton = canWrite ? <Button onClick={() => setCreating(true)}>Create API key</Button> : null;

  let body: React.ReactNode;
  if (isPending) {
    body = <SkeletonTable label="Loading API keys…" columns={6} />;
  } else if (error && !data) {
    body = (
      <ErrorState
        error={error}
        title="The API keys could not be loaded"
        onRetry={() => void refetch()}
        retrying={isFetching}
      />
    );
  } else if (data && data.data.length === 0 && !search.cursor) {
    body = filtered ? (
      <EmptyState
        title="No keys match"
        description="No API key matches this search and status. Change the filters or clear them."
        action={
          <Button
            variant="secondary"
            onClick={() => setSearch(withFilters(search, { q: undefined, status: undefined }))}
          >
            Clear filters
          </Button>
        }
      />
    ) : (
      <EmptyState
        title="No API keys yet"
        description={
          canWrite
            ? "Create a key for each client that calls your API through the gateway."
            : "Your role can view keys but not create them. Ask an admin or developer to create one."
        }
        action={createButton}
      />
    );
  } else if (data) {
    const page = (search.prev?.length ?? 0) + (search.cursor ? 2 : 1);
    body = (
      <KeysTable
        keys={data.data}
        sorting={sortingFromParam(search.sort ?? DEFAULT_KEY_SORT)}
        onSortingChange={(next) => {
          const sort = KEY_SORTS.find((value) => value === sortParamFrom(next)) ?? DEFAULT_KEY_SORT;
          setSearch(withFilters(search, { sort: sort === DEFAULT_KEY_SORT ? undefined : sort }));
        }}
        actions={actions}
        canWrite={canWrite}
        busy={isFetching && isPlaceholderData}
        footer={
          <KeysetPagination
            label="API keys pages"
            names={PAGE_NAMES}
            search={search}
            nextCursor={data.nextCursor}
            onSearchChange={setSearch}
            summary={`Page ${page} · ${data.data.length} ${data.data.length === 1 ? "key" : "keys"}`}
          />
        }
      />
    );
  }

  return (
    <>
      <KeysPageHeader action={createButton} />
      <section className="section" aria-label="API keys">
        <KeysFilters search={search} onChange={(patch) => setSearch(withFilters(search, patch))} />
        {body}
      </section>
      {canWrite ? (
        <CreateKeyDialog
          orgId={orgId}
          open={creating}
          onClose={() => setCreating(false)}
          onCreated={(created) =>
            actions.reveal({ secret: created.key, name: created.apiKey.name, reason: "created" })
          }
        />
      ) : null}
      {actions.dialogs}
    </>
  );
}

const STATUS_LABELS: Record<(typeof KEY_STATUSES)[number], string> = {
  active: "Active",
  rotating: "Rotating (old key in grace period)",
  disabled: "Disabled",
  expired: "Expired",
  revoked: "Revoked",
};

function KeysFilters({
  search,
  onChange,
}: {
  search: KeysSearch;
  onChange: (patch: Partial<Pick<KeysSearch, "q" | "status">>) => void;
}) {
  const searchId = useId();
  const statusId = useId();
  const [q, setQ] = useState(search.q ?? "");
  // Typing updates the URL after a pause (one history entry per search, not per keystroke).
  useEffect(() => {
    const value = q.trim() || undefined;
    if (value === (search.q ?? undefined)) return;
    const timer = setTimeout(() => onChange({ q: value }), 350);
    return () => clearTimeout(timer);
  }, [q, search.q, onChange]);

  return (
    <search className="filters">
      <div className="field">
        <label htmlFor={searchId}>Search</label>
        <input
          id={searchId}
          type="search"
          className="input"
          placeholder="Name or key prefix"
          value={q}
          maxLength={100}
          onChange={(event) => setQ(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={statusId}>Status</label>
        <select
          id={statusId}
          className="input select"
          value={search.status ?? ""}
          onChange={(event) =>
            onChange({ status: (event.target.value || undefined) as KeysSearch["status"] })
          }
        >
          <option value="">All statuses</option>
          {KEY_STATUSES.map((status) => (
            <option key={status} value={status}>
              {STATUS_LABELS[status]}
            </option>
          ))}
        </select>
      </div>
    </search>
  );
}

function KeysPageHeader({ action }: { action?: ReactNode }) {
  return (
    <header className="page-header page-header-row">
      <title>API keys · Edgegate</title>
      <div>
        <h1>API keys</h1>
        <p className="muted">Keys your clients send to the gateway, with their scopes, limits and status.</p>
      </div>
      {action}
    </header>
  );
}
