// /webhooks: the endpoints with their health and actions, then the delivery log (filters, keyset
// pages and the open delivery all in the URL). Admins and owners (webhooks:write) get the buttons
// that change things; every other role reads.
import { useQuery } from "@tanstack/react-query";
import { type ReactNode, useEffect, useMemo, useState } from "react";
import { Button, EmptyState, ErrorState, SkeletonTable } from "../../components/ui/index.ts";
import { browserTimeZone } from "../../lib/time-zone.ts";
import { canWriteWebhooks, useSession } from "../../queries/session.ts";
import {
  endpointsQueryOptions,
  eventTypesQueryOptions,
  type WebhookEndpoint,
} from "../../queries/webhooks.ts";
import { DeliveryDetail } from "./DeliveryDetail.tsx";
import { DeliveryFilters } from "./DeliveryFilters.tsx";
import { DeliveryLog } from "./DeliveryLog.tsx";
import { useEndpointActions } from "./EndpointActions.tsx";
import { EndpointCard, endpointCardId } from "./EndpointCard.tsx";
import { EndpointDialog, type EndpointDialogState } from "./EndpointDialog.tsx";
import { SecretDialog, type SecretDialogState } from "./SecretDialog.tsx";
import { deliveryFiltersOf, type WebhooksSearch, withDeliveryFilters } from "./search.ts";
import "../../components/charts/dashboard.css";
import "./webhooks.css";

/** "3 minutes ago" moves on while the page is open. */
function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function WebhooksPage({
  search,
  onSearchChange,
}: {
  search: WebhooksSearch;
  onSearchChange: (next: WebhooksSearch, options?: { replace?: boolean }) => void;
}) {
  const session = useSession();
  const orgId = session.activeOrganizationId ?? "";
  const canWrite = canWriteWebhooks(session.role);
  const timeZone = browserTimeZone();
  const now = useNow();
  const endpoints = useQuery(endpointsQueryOptions(orgId));
  const catalog = useQuery(eventTypesQueryOptions(orgId));
  const [editing, setEditing] = useState<EndpointDialogState>(null);
  const [secret, setSecret] = useState<SecretDialogState>(null);
  const list = endpoints.data?.data ?? [];
  const endpointUrls = useMemo(() => new Map(list.map((endpoint) => [endpoint.id, endpoint.url])), [list]);

  const showDeliveries = (endpoint: WebhookEndpoint) => {
    onSearchChange(withDeliveryFilters(search, { endpointId: endpoint.id }));
    document.getElementById("deliveries")?.scrollIntoView({ block: "start" });
  };
  const actions = useEndpointActions(orgId, { onTestSent: showDeliveries });
  const addButton = canWrite ? (
    <Button onClick={() => setEditing({ mode: "create" })}>Add endpoint</Button>
  ) : null;

  let endpointsBody: React.ReactNode;
  if (endpoints.isPending) {
    endpointsBody = <SkeletonTable rows={3} columns={4} label="Loading endpoints…" />;
  } else if (endpoints.isError && !endpoints.data) {
    endpointsBody = (
      <ErrorState
        error={endpoints.error}
        title="The endpoints could not be loaded"
        onRetry={() => void endpoints.refetch()}
        retrying={endpoints.isFetching}
      />
    );
  } else if (list.length === 0) {
    endpointsBody = (
      <EmptyState
        title="No endpoints yet"
        description={
          canWrite
            ? "Add the URL of a server of yours: Edgegate sends it a signed POST for every event it subscribes to, and retries for a day and a half if it is down."
            : "Your role can see endpoints and deliveries but not add them. Ask an admin or owner."
        }
        action={addButton}
      />
    );
  } else {
    endpointsBody = (
      <div className="endpoint-list">
        {list.map((endpoint) => (
          <EndpointCard
            key={endpoint.id}
            endpoint={endpoint}
            canWrite={canWrite}
            now={now}
            timeZone={timeZone}
            handlers={{
              actions,
              edit: (target) => setEditing({ mode: "edit", endpoint: target }),
              secret: (target) => setSecret({ endpoint: target }),
              showDeliveries,
            }}
          />
        ))}
      </div>
    );
  }

  return (
    <div className="page-stack">
      <WebhooksPageHeader action={list.length > 0 ? addButton : null} />

      <section className="section" aria-labelledby="endpoints-heading">
        <h2 id="endpoints-heading">Endpoints</h2>
        {endpointsBody}
      </section>

      <section className="section" aria-labelledby="deliveries-heading" id="deliveries">
        <div className="section-head">
          <h2 id="deliveries-heading">Delivery log</h2>
          <p className="muted small">Newest first. Times in {timeZone}.</p>
        </div>
        <DeliveryFilters
          key={JSON.stringify(deliveryFiltersOf(search))}
          search={search}
          endpoints={list}
          catalog={catalog.data?.data ?? []}
          onApply={(next) => onSearchChange(next)}
        />
        <DeliveryLog
          orgId={orgId}
          search={search}
          timeZone={timeZone}
          endpointUrls={endpointUrls}
          onSearchChange={onSearchChange}
        />
      </section>

      {canWrite ? (
        <>
          <EndpointDialog
            orgId={orgId}
            state={editing}
            onClose={() => setEditing(null)}
            onCreated={(created) => setSecret({ endpoint: created.endpoint, created: created.secret })}
          />
          <SecretDialog
            orgId={orgId}
            state={secret}
            timeZone={timeZone}
            onClose={() => {
              const added = secret?.created ? secret.endpoint.id : null;
              setSecret(null);
              // The dialog gives focus back to its opener, which a new endpoint's dialog no longer
              // has (the form that opened it is gone): continue from the new endpoint's card.
              if (added) requestAnimationFrame(() => document.getElementById(endpointCardId(added))?.focus());
            }}
          />
          {actions.dialogs}
        </>
      ) : null}
      <DeliveryDetail
        orgId={orgId}
        deliveryId={search.deliveryId}
        timeZone={timeZone}
        canWrite={canWrite}
        onClose={() => {
          const { deliveryId: _open, ...rest } = search;
          onSearchChange(rest, { replace: true });
        }}
      />
    </div>
  );
}

function WebhooksPageHeader({ action }: { action?: ReactNode }) {
  return (
    <header className="page-header page-header-row">
      <title>Webhooks · Edgegate</title>
      <div>
        <h1>Webhooks</h1>
        <p className="muted">
          Signed event deliveries to your endpoints: key changes, members, usage thresholds and more.
        </p>
      </div>
      {action}
    </header>
  );
}
