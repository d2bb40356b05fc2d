// A new secret (an API key, an automation token, a webhook signing secret) is shown once: held
// here while its dialog is open, dropped when it closes, and never put anywhere else (not the
// query cache, not the URL, not storage).
import { useCallback, useState } from "react";

export type RevealState<T> = { open: false } | { open: true; shown: T };

export type RevealAction<T> = { type: "reveal"; shown: T } | { type: "dismiss" };

export function revealReducer<T>(_state: RevealState<T>, action: RevealAction<T>): RevealState<T> {
  // Dismissing forgets the secret: the next state holds no reference to it.
  return action.type === "reveal" ? { open: true, shown: action.shown } : { open: false };
}

export function useRevealOnce<T>() {
  const [state, setState] = useState<RevealState<T>>({ open: false });
  const reveal = useCallback(
    (shown: T) => setState((current) => revealReducer(current, { type: "reveal", shown })),
    [],
  );
  const dismiss = useCallback(() => setState((current) => revealReducer(current, { type: "dismiss" })), []);
  return { state, reveal, dismiss };
}
