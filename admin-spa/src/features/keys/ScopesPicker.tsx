// Scopes: one-click presets plus free entry checked against the shared grammar as you type.
// The chosen scopes are a list of removable items, each removal button named after its scope.
import { useId, useState } from "react";
import { Button } from "../../components/ui/Button.tsx";
import { SCOPE_PRESETS, scopeError } from "./key-form.ts";

export function ScopesPicker({
  scopes,
  onChange,
  error,
}: {
  scopes: string[];
  onChange: (next: string[]) => void;
  error?: string | undefined;
}) {
  const id = useId();
  const [draft, setDraft] = useState("");
  const [draftError, setDraftError] = useState<string | null>(null);
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const shownError = draftError ?? error;

  const add = (values: readonly string[]) => onChange([...new Set([...scopes, ...values])]);
  const addDraft = () => {
    const value = draft.trim().toLowerCase();
    if (value === "") return;
    const problem = scopeError(value);
    if (problem) {
      setDraftError(`"${value}" ${problem}`);
      return;
    }
    add([value]);
    setDraft("");
    setDraftError(null);
  };

  return (
    <fieldset className={`field scopes-picker${shownError ? " field-invalid" : ""}`}>
      <legend className="fieldset-legend">
        Scopes{" "}
        <span className="required" aria-hidden="true">
          *
        </span>
      </legend>
      <div className="button-row">
        {SCOPE_PRESETS.map((preset) => (
          <Button
            key={preset.label}
            variant="secondary"
            size="sm"
            onClick={() => add(preset.scopes)}
            title={preset.description}
          >
            + {preset.label} <span className="visually-hidden">({preset.scopes.join(", ")})</span>
          </Button>
        ))}
      </div>
      <div className="scope-entry">
        <label htmlFor={id} className="visually-hidden">
          Add a scope
        </label>
        <input
          id={id}
          className="input"
          value={draft}
          placeholder="get:users"
          autoComplete="off"
          spellCheck={false}
          aria-describedby={`${hintId}${shownError ? ` ${errorId}` : ""}`}
          aria-invalid={shownError ? true : undefined}
          onChange={(event) => {
            setDraft(event.target.value);
            if (draftError) setDraftError(null);
          }}
          onKeyDown={(event) => {
            if (event.key === "Enter") {
              event.preventDefault();
              addDraft();
            }
          }}
        />
        <Button variant="secondary" onClick={addDraft}>
          Add scope
        </Button>
      </div>
      <p id={hintId} className="field-hint">
        <code>method:resource</code> — method is get, post, put, patch, delete or *; resource is the first
        path segment after the version (GET /v1/users/42 needs <code>get:users</code>) or *.
      </p>
      {shownError ? (
        <p id={errorId} className="field-error">
          <span aria-hidden="true">! </span>
          {shownError}
        </p>
      ) : null}
      {scopes.length > 0 ? (
        <ul className="chip-list" aria-label="Chosen scopes">
          {scopes.map((scope) => (
            <li key={scope} className="chip">
              <code>{scope}</code>
              <button
                type="button"
                className="chip-remove"
                aria-label={`Remove scope ${scope}`}
                onClick={() => onChange(scopes.filter((value) => value !== scope))}
              >
                <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted small">No scopes yet: a key needs at least one.</p>
      )}
    </fieldset>
  );
}
