// A new key's secret is shown once: held here while the reveal is open, dropped when it closes,
// and never put anywhere else (not the query cache, not the URL, not storage).
import { useCallback, useState } from "react";

export interface RevealedKey {
  /** The full key, e.g. ak_…; shown once. */
  secret: string;
  name: string;
  /** What happened: "created" or "rotated". */
  reason: "created" | "rotated";
}

export type RevealState = { open: false } | { open: true; key: RevealedKey };

export type RevealAction = { type: "reveal"; key: RevealedKey } | { type: "dismiss" };

export function revealReducer(_state: RevealState, action: RevealAction): RevealState {
  // Dismissing forgets the secret: the next state holds no reference to it.
  return action.type === "reveal" ? { open: true, key: action.key } : { open: false };
}

export function useRevealOnce() {
  const [state, setState] = useState<RevealState>({ open: false });
  const reveal = useCallback(
    (key: RevealedKey) => setState((s) => revealReducer(s, { type: "reveal", key })),
    [],
  );
  const dismiss = useCallback(() => setState((s) => revealReducer(s, { type: "dismiss" })), []);
  return { state, reveal, dismiss };
}
