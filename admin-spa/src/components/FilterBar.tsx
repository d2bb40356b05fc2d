// The filter bar above a log (requests, webhook deliveries): fields edited locally and applied
// together with "Apply filters" (one URL change, one query, so typing does not fire a request per
// keystroke), a From/To time range, and "Clear". The URL stays the state: what is applied goes
// through the page's URL parser, so it is exactly what the page then shows.
import { type FormEvent, type ReactNode, useState } from "react";
import { Button, TextInput } from "./ui/index.ts";
import "./charts/dashboard.css";

export type FieldErrors<D> = Partial<Record<keyof D, string>>;

/** A filter form's draft (every field a string, as inputs hold it) and its field errors. */
export function useFilterDraft<D extends object>(initial: () => D) {
  const [draft, setDraft] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors<D>>({});
  /** The change handler of one field. */
  const set = (name: keyof D) => (event: { target: { value: string } }) =>
    setDraft((current) => ({ ...current, [name]: event.target.value }));
  return { draft, setDraft, errors, setErrors, set };
}

export function FilterBar({
  label,
  onSubmit,
  onClear,
  submitLabel = "Apply filters",
  clearLabel = "Clear",
  children,
}: {
  /** Names the form, e.g. "Request log filters". */
  label: string;
  onSubmit: () => void;
  onClear: () => void;
  submitLabel?: string;
  clearLabel?: string;
  children: ReactNode;
}) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <form className="filter-bar" aria-label={label} onSubmit={submit} noValidate>
      {children}
      <div className="filter-actions">
        <Button type="submit">{submitLabel}</Button>
        <Button variant="ghost" onClick={onClear}>
          {clearLabel}
        </Button>
      </div>
    </form>
  );
}

/** "From" and "To" as local date-times (checked with `timeRangeOf` from lib/search-params.ts). */
export function TimeRangeFields({
  from,
  to,
  errors,
  set,
}: {
  from: string;
  to: string;
  errors: { from?: string | undefined; to?: string | undefined };
  set: (name: "from" | "to") => (event: { target: { value: string } }) => void;
}) {
  return (
    <>
      <TextInput label="From" type="datetime-local" value={from} onChange={set("from")} error={errors.from} />
      <TextInput label="To" type="datetime-local" value={to} onChange={set("to")} error={errors.to} />
    </>
  );
}
