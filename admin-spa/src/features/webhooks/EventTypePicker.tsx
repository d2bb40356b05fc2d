// Which events an endpoint receives: every event (now and later), or chosen types, grouped by
// resource with a box per group that ticks the whole group (mixed when partly ticked).
import { useEffect, useId, useRef } from "react";
import type { EventTypeInfo } from "../../queries/webhooks.ts";
import { type EventGroup, groupEventTypes, groupState, setGroup, setType } from "./event-types.ts";

export function EventTypePicker({
  catalog,
  events,
  selected,
  onChange,
  error,
}: {
  catalog: readonly EventTypeInfo[];
  events: "all" | "selected";
  selected: readonly string[];
  onChange: (patch: { events?: "all" | "selected"; eventTypes?: string[] }) => void;
  error?: string | undefined;
}) {
  const name = useId();
  const errorId = useId();
  const groups = groupEventTypes(catalog);
  return (
    <fieldset
      className={`event-picker${error ? " field-invalid" : ""}`}
      aria-describedby={error ? errorId : undefined}
    >
      <legend className="fieldset-legend">Events</legend>
      <div className="event-picker-modes">
        <label className="checkbox-row">
          <input
            type="radio"
            name={name}
            checked={events === "all"}
            onChange={() => onChange({ events: "all" })}
          />
          <span>
            All events <span className="muted small">(including types added later)</span>
          </span>
        </label>
        <label className="checkbox-row">
          <input
            type="radio"
            name={name}
            checked={events === "selected"}
            onChange={() => onChange({ events: "selected" })}
          />
          <span>Only selected events</span>
        </label>
      </div>
      {error ? (
        <p id={errorId} className="field-error">
          <span aria-hidden="true">! </span>
          {error}
        </p>
      ) : null}
      {events === "selected" ? (
        <div className="event-groups">
          {groups.map((group) => (
            <EventGroupBoxes
              key={group.id}
              group={group}
              selected={selected}
              onGroup={(on) => onChange({ eventTypes: setGroup(selected, group, on, catalog) })}
              onType={(type, on) => onChange({ eventTypes: setType(selected, type, on, catalog) })}
            />
          ))}
        </div>
      ) : null}
    </fieldset>
  );
}

function EventGroupBoxes({
  group,
  selected,
  onGroup,
  onType,
}: {
  group: EventGroup;
  selected: readonly string[];
  onGroup: (on: boolean) => void;
  onType: (type: string, on: boolean) => void;
}) {
  const state = groupState(selected, group);
  const groupBox = useRef<HTMLInputElement>(null);
  useEffect(() => {
    // "Mixed" has no attribute: only the DOM property shows it (and exposes aria-checked=mixed).
    if (groupBox.current) groupBox.current.indeterminate = state === "some";
  }, [state]);
  return (
    <fieldset className="event-group">
      <legend className="visually-hidden">{group.label}</legend>
      <label className="checkbox-row event-group-head">
        <input
          ref={groupBox}
          type="checkbox"
          checked={state === "all"}
          onChange={(event) => onGroup(event.target.checked)}
        />
        <span>
          {group.label} <span className="muted small">(all {group.types.length})</span>
        </span>
      </label>
      <ul className="event-type-list">
        {group.types.map((info) => (
          <li key={info.type}>
            <label className="checkbox-row">
              <input
                type="checkbox"
                checked={selected.includes(info.type)}
                onChange={(event) => onType(info.type, event.target.checked)}
              />
              <span>
                <span className="mono">{info.type}</span>
                <span className="muted small event-type-description">
                  <Described text={info.description} />
                </span>
              </span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

/** The catalog's descriptions mark names with backticks (`data`): show those as code. */
function Described({ text }: { text: string }) {
  return text.split("`").map((part, index) =>
    // Odd parts sat between backticks; the parts never move, so their index is their identity.
    // biome-ignore lint/suspicious/noArrayIndexKey: a fixed split of a constant string
    index % 2 === 1 ? <code key={index}>{part}</code> : <span key={index}>{part}</span>,
  );
}
