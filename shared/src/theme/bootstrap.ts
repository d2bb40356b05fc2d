/// <reference lib="dom" />
// The theme preference, shared by the admin SPA and the docs site (one storage key, so a choice
// made in one follows into the other): "system" follows the OS; "light"/"dark" are kept in
// localStorage and applied as <html data-theme="…">, which tokens.css reads.

export type ThemePreference = "system" | "light" | "dark";

export const THEME_STORAGE_KEY = "edgegate-theme";

/**
 * Inline, classic (render-blocking) script for <head>: applies a saved choice before the first
 * paint so a dark-mode user never sees a white flash. Kept in step with `readThemePreference`.
 */
export const THEME_BOOTSTRAP_SCRIPT = `try{const t=localStorage.getItem(${JSON.stringify(THEME_STORAGE_KEY)});if(t==="light"||t==="dark")document.documentElement.dataset.theme=t}catch{}`;

export function readThemePreference(): ThemePreference {
  try {
    const stored = localStorage.getItem(THEME_STORAGE_KEY);
    return stored === "light" || stored === "dark" ? stored : "system";
  } catch {
    return "system";
  }
}

/** Sets <html data-theme> for a preference ("system" removes it: the media query decides). */
export function applyThemeAttribute(preference: ThemePreference): void {
  if (preference === "system") delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = preference;
}

/** Remembers and applies a choice. Storage may be disabled (private mode, policy): then it lasts for this page. */
export function saveThemePreference(preference: ThemePreference): void {
  try {
    if (preference === "system") localStorage.removeItem(THEME_STORAGE_KEY);
    else localStorage.setItem(THEME_STORAGE_KEY, preference);
  } catch {
    // The attribute below still applies the choice to this page.
  }
  applyThemeAttribute(preference);
}
