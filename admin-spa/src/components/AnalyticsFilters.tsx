// The analytics filters: a range preset or a custom from/to (native datetime-local inputs, in the
// browser's time zone), the bucket size, and one key of the organization (without `orgId`, as in
// the operator console's platform view, no key choice). Presets, granularity and key apply on
// change; a custom range applies with its button, after checking it the way the API will.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import {
  allowedGranularities,
  autoGranularity,
  MAX_RANGE_MS,
  PRESET_LABELS,
  RANGE_PRESETS,
  type ResolvedAnalytics,
} from "../lib/analytics-range.ts";
import type { AnalyticsSearch } from "../lib/analytics-search.ts";
import { fromDateTimeLocal, toDateTimeLocal } from "../lib/search-params.ts";
import { keyChoicesQueryOptions } from "../queries/keys.ts";
import { formatDateTime } from "./charts/format.ts";
import { FilterBar } from "./FilterBar.tsx";
import { Button, Select, TextInput } from "./ui/index.ts";

/** "Last 7 days", or a custom range's ends in the viewer's time zone. */
export function rangeLabel(resolved: ResolvedAnalytics): string {
  const { range } = resolved;
  return resolved.preset === "custom"
    ? `${formatDateTime(range.from, range.timeZone)} to ${formatDateTime(range.to, range.timeZone)}`
    : PRESET_LABELS[resolved.preset];
}

/**
 * The filters, and below them "Updating…" while a read refetches and Refresh for a range relative
 * to now. The filters remount when the resolved range changes, so their draft fields follow it.
 */
export function AnalyticsControls({
  fetching,
  onRefresh,
  ...filters
}: FiltersProps & { fetching: boolean; onRefresh: () => void }) {
  const { resolved } = filters;
  return (
    <>
      <AnalyticsFilters key={`${resolved.preset}-${resolved.range.from}`} {...filters} />
      <AnalyticsToolbar resolved={resolved} fetching={fetching} onRefresh={onRefresh} />
    </>
  );
}

function AnalyticsToolbar({
  resolved,
  fetching,
  onRefresh,
}: {
  resolved: ResolvedAnalytics;
  fetching: boolean;
  onRefresh: () => void;
}) {
  return (
    <div className="toolbar">
      <p className="muted small" aria-live="polite">
        {fetching ? "Updating…" : ""}
      </p>
      {resolved.preset !== "custom" ? (
        <Button variant="secondary" size="sm" onClick={onRefresh}>
          Refresh
        </Button>
      ) : null}
    </div>
  );
}

const GRANULARITY_LABELS = {
  auto: "Automatic",
  minute: "Per minute",
  hour: "Per hour",
  day: "Per day",
} as const;

interface FiltersProps {
  /** The organization whose keys to offer; none: no key filter. */
  orgId?: string | undefined;
  search: AnalyticsSearch;
  resolved: ResolvedAnalytics;
  onChange: (next: AnalyticsSearch) => void;
}

function AnalyticsFilters({ orgId, search, resolved, onChange }: FiltersProps) {
  const keys = useQuery({ ...keyChoicesQueryOptions(orgId ?? ""), enabled: orgId !== undefined });
  const [customOpen, setCustomOpen] = useState(resolved.preset === "custom");
  const allowed = allowedGranularities(resolved.spanMs);
  const rangeValue = customOpen ? "custom" : resolved.preset;

  return (
    <div className="settings-section">
      <form
        className="filter-bar"
        aria-label="Analytics filters"
        onSubmit={(event) => event.preventDefault()}
      >
        <Select
          label="Time range"
          value={rangeValue}
          onChange={(event) => {
            const value = event.target.value;
            if (value === "custom") {
              setCustomOpen(true);
              return;
            }
            setCustomOpen(false);
            const { from: _from, to: _to, ...rest } = search;
            onChange({ ...rest, range: value as AnalyticsSearch["range"] });
          }}
        >
          {RANGE_PRESETS.map((preset) => (
            <option key={preset} value={preset}>
              {PRESET_LABELS[preset]}
            </option>
          ))}
          <option value="custom">{PRESET_LABELS.custom}…</option>
        </Select>
        <Select
          label="Buckets"
          hint={
            resolved.granularity === "auto"
              ? `Now: ${GRANULARITY_LABELS[autoGranularity(resolved.spanMs)].toLowerCase()}`
              : undefined
          }
          value={resolved.granularity}
          onChange={(event) => {
            const value = event.target.value as keyof typeof GRANULARITY_LABELS;
            const { granularity: _g, ...rest } = search;
            onChange(value === "auto" ? rest : { ...rest, granularity: value });
          }}
        >
          {(Object.keys(GRANULARITY_LABELS) as (keyof typeof GRANULARITY_LABELS)[]).map((value) => (
            <option key={value} value={value} disabled={!allowed.includes(value)}>
              {GRANULARITY_LABELS[value]}
              {allowed.includes(value) ? "" : " (too many buckets)"}
            </option>
          ))}
        </Select>
        {orgId === undefined ? null : (
          <Select
            label="API key"
            className="field-wide"
            value={search.keyId ?? ""}
            onChange={(event) => {
              const { keyId: _k, ...rest } = search;
              onChange(event.target.value ? { ...rest, keyId: event.target.value } : rest);
            }}
          >
            <option value="">All keys</option>
            {search.keyId && !keys.data?.some((key) => key.id === search.keyId) ? (
              <option value={search.keyId}>{search.keyId}</option>
            ) : null}
            {keys.data?.map((key) => (
              <option key={key.id} value={key.id}>
                {key.name} ({key.displayPrefix}…){key.status === "active" ? "" : ` · ${key.status}`}
              </option>
            ))}
          </Select>
        )}
      </form>
      {customOpen ? (
        <CustomRange
          from={resolved.range.from}
          to={resolved.range.to}
          onApply={(from, to) => onChange({ ...search, range: "custom", from, to })}
          onCancel={() => setCustomOpen(false)}
        />
      ) : null}
    </div>
  );
}

/** The problems with a custom range, by field; empty when the API will accept it. */
export function validateCustomRange(fromLocal: string, toLocal: string): { from?: string; to?: string } {
  const errors: { from?: string; to?: string } = {};
  const from = fromDateTimeLocal(fromLocal);
  const to = fromDateTimeLocal(toLocal);
  if (!from) errors.from = "Enter a start date and time.";
  if (!to) errors.to = "Enter an end date and time.";
  if (from && to) {
    const span = Date.parse(to) - Date.parse(from);
    if (span <= 0) errors.to = "The end must be after the start.";
    else if (span > MAX_RANGE_MS) errors.from = "A range can span at most 400 days.";
  }
  return errors;
}

function CustomRange({
  from,
  to,
  onApply,
  onCancel,
}: {
  from: string;
  to: string;
  onApply: (from: string, to: string) => void;
  onCancel: () => void;
}) {
  const [fromLocal, setFromLocal] = useState(() => toDateTimeLocal(from));
  const [toLocal, setToLocal] = useState(() => toDateTimeLocal(to));
  const [errors, setErrors] = useState<{ from?: string; to?: string }>({});
  const submit = () => {
    const problems = validateCustomRange(fromLocal, toLocal);
    setErrors(problems);
    const fromIso = fromDateTimeLocal(fromLocal);
    const toIso = fromDateTimeLocal(toLocal);
    if (!problems.from && !problems.to && fromIso && toIso) onApply(fromIso, toIso);
  };
  return (
    <FilterBar
      label="Custom time range"
      submitLabel="Apply range"
      clearLabel="Cancel"
      onSubmit={submit}
      onClear={onCancel}
    >
      <TextInputLocal label="From" value={fromLocal} onChange={setFromLocal} error={errors.from} />
      <TextInputLocal label="To" value={toLocal} onChange={setToLocal} error={errors.to} />
    </FilterBar>
  );
}

function TextInputLocal({
  label,
  value,
  onChange,
  error,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
}) {
  // The browser's own date-time picker: keyboard operable, in the viewer's time zone.
  return (
    <TextInput
      label={`${label} (your time zone)`}
      type="datetime-local"
      value={value}
      required
      error={error}
      onChange={(event) => onChange(event.target.value)}
    />
  );
}
