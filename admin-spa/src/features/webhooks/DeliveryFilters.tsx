// The delivery log's filters, in the shared filter bar; the URL is the state, so a filtered log
// is a link to share.
import { FilterBar, TimeRangeFields, useFilterDraft } from "../../components/FilterBar.tsx";
import { Select } from "../../components/ui/index.ts";
import { timeRangeOf, toDateTimeLocal } from "../../lib/search-params.ts";
import { DELIVERY_STATUSES, type EventTypeInfo, type WebhookEndpoint } from "../../queries/webhooks.ts";
import { STATUS_LABELS } from "./DeliveryStatus.tsx";
import { groupEventTypes } from "./event-types.ts";
import { parseWebhooksSearch, type WebhooksSearch, withDeliveryFilters } from "./search.ts";

interface Draft {
  endpointId: string;
  eventType: string;
  status: string;
  from: string;
  to: string;
}

function draftOf(search: WebhooksSearch): Draft {
  return {
    endpointId: search.endpointId ?? "",
    eventType: search.eventType ?? "",
    status: search.status ?? "",
    from: toDateTimeLocal(search.from),
    to: toDateTimeLocal(search.to),
  };
}

export function DeliveryFilters({
  search,
  endpoints,
  catalog,
  onApply,
}: {
  search: WebhooksSearch;
  endpoints: readonly WebhookEndpoint[];
  catalog: readonly EventTypeInfo[];
  onApply: (next: WebhooksSearch) => void;
}) {
  const { draft, setDraft, errors, setErrors, set } = useFilterDraft(() => draftOf(search));

  const submit = () => {
    const { from, to, errors: problems } = timeRangeOf(draft);
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    const parsed = parseWebhooksSearch({
      endpointId: draft.endpointId,
      eventType: draft.eventType,
      status: draft.status,
      from,
      to,
    });
    onApply(withDeliveryFilters(search, parsed));
  };
  const clear = () => {
    setDraft(draftOf({}));
    setErrors({});
    onApply(withDeliveryFilters(search, {}));
  };

  const unknownEndpoint = draft.endpointId && !endpoints.some((endpoint) => endpoint.id === draft.endpointId);
  return (
    <FilterBar label="Delivery log filters" onSubmit={submit} onClear={clear}>
      <Select label="Endpoint" className="field-wide" value={draft.endpointId} onChange={set("endpointId")}>
        <option value="">All endpoints</option>
        {unknownEndpoint ? <option value={draft.endpointId}>{draft.endpointId}</option> : null}
        {endpoints.map((endpoint) => (
          <option key={endpoint.id} value={endpoint.id}>
            {endpoint.description ? `${endpoint.description} (${endpoint.url})` : endpoint.url}
          </option>
        ))}
      </Select>
      <Select label="Event type" value={draft.eventType} onChange={set("eventType")}>
        <option value="">All event types</option>
        {groupEventTypes(catalog).map((group) => (
          <optgroup key={group.id} label={group.label}>
            {group.types.map((info) => (
              <option key={info.type} value={info.type}>
                {info.type}
              </option>
            ))}
          </optgroup>
        ))}
      </Select>
      <Select label="Status" value={draft.status} onChange={set("status")}>
        <option value="">Any status</option>
        {DELIVERY_STATUSES.map((status) => (
          <option key={status} value={status}>
            {STATUS_LABELS[status]}
          </option>
        ))}
      </Select>
      <TimeRangeFields from={draft.from} to={draft.to} errors={errors} set={set} />
    </FilterBar>
  );
}
