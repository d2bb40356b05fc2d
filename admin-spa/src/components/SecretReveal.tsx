// "Create a secret, show it once", for every secret the console hands out: API keys, automation
// tokens, webhook signing secrets. A notice says what to do with it (and, for a secret stored
// only as a hash, that it will not be shown again), then the secret in a read-only field that
// selects itself, with Copy, then what closes it. The secret lives in the caller's state only
// (lib/reveal-once.ts); closing the dialog drops it.
import { type ReactNode, useId } from "react";
import { Button } from "./ui/Button.tsx";
import { CopyButton } from "./ui/CopyButton.tsx";
import { Dialog } from "./ui/Dialog.tsx";
import "./secret-reveal.css";

export interface SecretNames {
  /** The field's label, e.g. "API key": how tests and screen readers find the secret. */
  label: string;
  /** The copy button's name, e.g. "Copy key". */
  copyLabel: string;
  /** The toast after copying, e.g. "API key copied". */
  copiedMessage: string;
}

/** The secret itself: a read-only, monospaced field that takes focus and selects itself, and Copy. */
export function SecretField({ secret, names }: { secret: string; names: SecretNames }) {
  const inputId = useId();
  return (
    <div className="field">
      <label htmlFor={inputId}>{names.label}</label>
      <div className="secret-row">
        <input
          id={inputId}
          className="input secret"
          readOnly
          value={secret}
          spellCheck={false}
          autoComplete="off"
          data-autofocus
          onFocus={(event) => event.currentTarget.select()}
        />
        <CopyButton text={secret} label={names.copyLabel} copiedMessage={names.copiedMessage} />
      </div>
    </div>
  );
}

/** A shown secret with its notice, usage hint and closing actions (a dialog's body). */
export function SecretShown({
  secret,
  names,
  notice,
  hint,
  actions,
}: {
  secret: string;
  names: SecretNames;
  /** The callout above the field: what to do now, and whether it can be seen again. */
  notice?: { title: string; body: ReactNode; tone?: "warning" | "info" } | undefined;
  /** A line under the field, e.g. how to send it. */
  hint?: ReactNode;
  /** The footer's buttons, the one that closes last. */
  actions: ReactNode;
}) {
  return (
    <div className="form">
      {notice ? (
        <div className={`callout callout-${notice.tone ?? "warning"}`} role="note">
          <p className="callout-title">{notice.title}</p>
          <p>{notice.body}</p>
        </div>
      ) : null}
      <SecretField secret={secret} names={names} />
      {hint ? <p className="muted small">{hint}</p> : null}
      <div className="dialog-footer">{actions}</div>
    </div>
  );
}

/** The dialog that shows a just-created secret once; `shown` null keeps it closed. */
export function SecretRevealDialog({
  shown,
  names,
  notice,
  hint,
  doneLabel,
  onClose,
}: {
  shown: { title: string; secret: string } | null;
  names: SecretNames;
  notice: { title: string; body: ReactNode; tone?: "warning" | "info" };
  hint?: ReactNode;
  /** e.g. "I have stored the key": closing says the secret is safe elsewhere. */
  doneLabel: string;
  onClose: () => void;
}) {
  return (
    <Dialog open={shown !== null} onClose={onClose} title={shown?.title ?? ""} footer={null}>
      {shown ? (
        <SecretShown
          secret={shown.secret}
          names={names}
          notice={notice}
          hint={hint}
          actions={<Button onClick={onClose}>{doneLabel}</Button>}
        />
      ) : null}
    </Dialog>
  );
}
