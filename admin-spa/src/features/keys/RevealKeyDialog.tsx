// Shows a new key's secret, once. Closing the dialog drops it (see reveal.ts); there is no way to
// see it again, which the dialog says before the user closes it.
import { useId } from "react";
import { Button } from "../../components/ui/Button.tsx";
import { CopyButton } from "../../components/ui/CopyButton.tsx";
import { Dialog } from "../../components/ui/Dialog.tsx";
import type { RevealState } from "./reveal.ts";

export function RevealKeyDialog({ state, onClose }: { state: RevealState; onClose: () => void }) {
  const inputId = useId();
  const key = state.open ? state.key : null;
  return (
    <Dialog
      open={state.open}
      onClose={onClose}
      title={key ? `${key.reason === "created" ? "Key created" : "Key rotated"}: ${key.name}` : ""}
      footer={<Button onClick={onClose}>I have stored the key</Button>}
    >
      {key ? (
        <>
          <div className="callout callout-warning" role="note">
            <p className="callout-title">Copy this key now: it will not be shown again.</p>
            <p>Edgegate keeps only a hash of it. If you lose it, rotate the key to get a new one.</p>
          </div>
          <div className="field">
            <label htmlFor={inputId}>API key</label>
            <div className="secret-row">
              <input
                id={inputId}
                className="input secret"
                readOnly
                value={key.secret}
                spellCheck={false}
                data-autofocus
                onFocus={(event) => event.currentTarget.select()}
              />
              <CopyButton text={key.secret} label="Copy key" copiedMessage="API key copied" />
            </div>
          </div>
          <p className="muted small">
            Send it as <code>Authorization: Bearer {"<key>"}</code> to the gateway.
          </p>
        </>
      ) : null}
    </Dialog>
  );
}
