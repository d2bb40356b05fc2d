// A destructive action's confirmation. It names the thing in the title, and for what cannot be
// undone it asks for the name to be typed, so a revoke is never one stray Enter away.
import { type FormEvent, type ReactNode, useId, useState } from "react";
import { Dialog } from "./Dialog.tsx";
import { FormDialogActions } from "./FormDialogActions.tsx";

export interface ConfirmDialogProps {
  open: boolean;
  onClose: () => void;
  /** e.g. `Revoke “Production backend”?` */
  title: ReactNode;
  description?: ReactNode;
  /** The verb on the button, e.g. "Revoke key". */
  confirmLabel: string;
  /** When set, the confirm button works only once this exact text is typed. */
  typeToConfirm?: string;
  tone?: "danger" | "primary";
  busy?: boolean;
  onConfirm: () => void;
}

export function ConfirmDialog({
  open,
  onClose,
  title,
  description,
  confirmLabel,
  typeToConfirm,
  tone = "danger",
  busy = false,
  onConfirm,
}: ConfirmDialogProps) {
  const [typed, setTyped] = useState("");
  const inputId = useId();
  const matches = typeToConfirm === undefined || typed.trim() === typeToConfirm.trim();

  const close = () => {
    setTyped("");
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (matches && !busy) onConfirm();
  };

  return (
    <Dialog open={open} onClose={close} title={title} description={description} dismissible={!busy}>
      <form className="form" onSubmit={submit}>
        {typeToConfirm !== undefined ? (
          <div className="field">
            <label htmlFor={inputId}>
              Type <strong className="code-inline">{typeToConfirm}</strong> to confirm
            </label>
            <input
              id={inputId}
              className="input"
              value={typed}
              onChange={(event) => setTyped(event.target.value)}
              autoComplete="off"
              spellCheck={false}
              data-autofocus
            />
          </div>
        ) : null}
        <FormDialogActions
          onCancel={close}
          pending={busy}
          submitLabel={confirmLabel}
          pendingLabel="Working…"
          variant={tone}
          submitDisabled={!matches}
        />
      </form>
    </Dialog>
  );
}
