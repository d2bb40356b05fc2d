// Light/dark theme: the preference logic is shared with the docs site (@edgegate/shared/theme);
// this adds the React binding. index.html applies the saved choice before first paint.
import {
  applyThemeAttribute,
  readThemePreference,
  saveThemePreference,
  THEME_STORAGE_KEY,
  type ThemePreference,
} from "@edgegate/shared/theme/bootstrap";
import { useCallback, useSyncExternalStore } from "react";

export type { ThemePreference };

const CHANGE_EVENT = "edgegate-theme-change";

export function applyTheme(preference: ThemePreference): void {
  saveThemePreference(preference);
  window.dispatchEvent(new Event(CHANGE_EVENT));
}

function subscribe(onChange: () => void): () => void {
  // `storage` keeps several open tabs (and the docs site) in step.
  const onStorage = (event: StorageEvent) => {
    if (event.key !== THEME_STORAGE_KEY) return;
    applyThemeAttribute(readThemePreference());
    onChange();
  };
  window.addEventListener(CHANGE_EVENT, onChange);
  window.addEventListener("storage", onStorage);
  return () => {
    window.removeEventListener(CHANGE_EVENT, onChange);
    window.removeEventListener("storage", onStorage);
  };
}

export function useThemePreference(): [ThemePreference, (preference: ThemePreference) => void] {
  const preference = useSyncExternalStore(subscribe, readThemePreference, () => "system" as const);
  const setPreference = useCallback((next: ThemePreference) => applyTheme(next), []);
  return [preference, setPreference];
}
