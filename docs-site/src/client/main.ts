// The one script on the docs pages: theme switcher, search, copy buttons, sample language tabs
// and the playground. Every page reads without it; it only adds.
import {
  applyThemeAttribute,
  readThemePreference,
  saveThemePreference,
  THEME_STORAGE_KEY,
  type ThemePreference,
} from "@edgegate/shared/theme/bootstrap";
import { setUpPlaygrounds, setUpSampleTabs } from "./playground.ts";
import { setUpSearch } from "./search.ts";

function setUpThemeSwitcher(): void {
  const switcher = document.querySelector<HTMLFieldSetElement>(".theme-switcher");
  if (!switcher) return;
  const radios = Array.from(switcher.querySelectorAll<HTMLInputElement>('input[name="theme"]'));
  const sync = () => {
    const preference = readThemePreference();
    for (const radio of radios) radio.checked = radio.value === preference;
  };
  sync();
  switcher.hidden = false;
  switcher.addEventListener("change", (event) => {
    saveThemePreference((event.target as HTMLInputElement).value as ThemePreference);
  });
  // Keep open tabs (docs and admin console share the key) in step.
  window.addEventListener("storage", (event) => {
    if (event.key !== THEME_STORAGE_KEY) return;
    applyThemeAttribute(readThemePreference());
    sync();
  });
}

function setUpCopyButtons(): void {
  if (!navigator.clipboard) return;
  for (const pre of document.querySelectorAll<HTMLPreElement>(".prose pre")) {
    const code = pre.querySelector("code");
    if (!code) continue;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    button.textContent = "Copy";
    const status = document.createElement("span");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText((code.textContent ?? "").replace(/\n$/, ""));
        button.textContent = "Copied";
        status.textContent = "Code copied to the clipboard";
      } catch {
        button.textContent = "Copy failed";
        status.textContent = "Could not copy the code";
      }
      setTimeout(() => {
        button.textContent = "Copy";
        status.textContent = "";
      }, 2000);
    });
    const wrapper = document.createElement("div");
    wrapper.className = "code-block";
    pre.replaceWith(wrapper);
    wrapper.append(pre, button, status);
  }
}

setUpThemeSwitcher();
setUpSearch();
setUpSampleTabs();
setUpPlaygrounds();
setUpCopyButtons();
