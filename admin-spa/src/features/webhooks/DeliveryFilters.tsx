// The delivery log's filters. Edited here and applied together ("Apply filters": one URL change,
// one query); the URL is the state, so a filtered log is a link to share.
import { type FormEvent, useState } from "react";
import { Button, Select, TextInput } from "../../components/ui/index.ts";
import { fromDateTimeLocal, toDateTimeLocal } from "../../lib/search-params.ts";
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
  const [draft, setDraft] = useState(() => draftOf(search));
  const [errors, setErrors] = useState<Partial<Record<keyof Draft, string>>>({});
  const set = (name: keyof Draft) => (event: { target: { value: string } }) =>
    setDraft((current) => ({ ...current, [name]: event.target.value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const from = draft.from ? fromDateTimeLocal(draft.from) : undefined;
    const to = draft.to ? fromDateTimeLocal(draft.to) : undefined;
    const problems: Partial<Record<keyof Draft, string>> = {};
    if (draft.from && !from) problems.from = "Enter a valid date and time.";
    if (draft.to && !to) problems.to = "Enter a valid date and time.";
    if (from && to && Date.parse(to) <= Date.parse(from)) problems.to = "The end must be after the start.";
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    // Through the same parser as the URL, so what is applied is exactly what the page shows.
    const parsed = parseWebhooksSearch({
      endpointId: draft.endpointId,
      eventType: draft.eventType,
      status: draft.status,
      from,
      to,
    });
    onApply(withDeliveryFilters(search, parsed));
  };

  const unknownEndpoint = draft.endpointId && !endpoints.some((endpoint) => endpoint.id === draft.endpointId);
  return (
    <form className="filter-bar" aria-label="Delivery log filters" onSubmit={submit} noValidate>
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
      <TextInput
        label="From"
        type="datetime-local"
        value={draft.from}
        onChange={set("from")}
        error={errors.from}
      />
      <TextInput label="To" type="datetime-local" value={draft.to} onChange={set("to")} error={errors.to} />
      <div className="filter-actions">
        <Button type="submit">Apply filters</Button>
        <Button
          variant="ghost"
          onClick={() => {
            setDraft(draftOf({}));
            setErrors({});
            onApply(withDeliveryFilters(search, {}));
          }}
        >
          Clear
        </Button>
      </div>
    </form>
  );
}
