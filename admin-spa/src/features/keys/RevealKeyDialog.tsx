// A new or rotated key, shown once in the shared secret dialog: Edgegate keeps only its hash, so
// closing the dialog is the last time anyone sees it.
import { SecretRevealDialog } from "../../components/SecretReveal.tsx";
import type { RevealState } from "../../lib/reveal-once.ts";

export interface RevealedKey {
  /** The full key, e.g. ak_…; shown once. */
  secret: string;
  name: string;
  /** What happened: "created" or "rotated". */
  reason: "created" | "rotated";
}

const NAMES = { label: "API key", copyLabel: "Copy key", copiedMessage: "API key copied" };

export function RevealKeyDialog({
  state,
  onClose,
}: {
  state: RevealState<RevealedKey>;
  onClose: () => void;
}) {
  const key = state.open ? state.shown : null;
  return (
    <SecretRevealDialog
      shown={
        key
          ? {
              title: `${key.reason === "created" ? "Key created" : "Key rotated"}: ${key.name}`,
              secret: key.secret,
            }
          : null
      }
      names={NAMES}
      notice={{
        title: "Copy this key now: it will not be shown again.",
        body: "Edgegate keeps only a hash of it. If you lose it, rotate the key to get a new one.",
      }}
      hint={
        <>
          Send it as <code>Authorization: Bearer {"<key>"}</code> to the gateway.
        </>
      }
      doneLabel="I have stored the key"
      onClose={onClose}
    />
  );
}
