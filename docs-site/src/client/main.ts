// The only script on the docs pages: the theme switcher and copy buttons on code blocks.
// The pages work without it; it only adds.

type ThemePreference = "system" | "light" | "dark";
const THEME_STORAGE_KEY = "edgegate-theme";

function readPreference(): ThemePreference {
  try {
    const stored = localStorage.getItem(THEME_STORAGE_KEY);
    return stored === "light" || stored === "dark" ? stored : "system";
  } catch {
    return "system";
  }
}

function applyPreference(preference: ThemePreference): void {
  if (preference === "system") delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = preference;
}

function setUpThemeSwitcher(): void {
  const switcher = document.querySelector<HTMLFieldSetElement>(".theme-switcher");
  if (!switcher) return;
  const radios = Array.from(switcher.querySelectorAll<HTMLInputElement>('input[name="theme"]'));
  const sync = () => {
    const preference = readPreference();
    for (const radio of radios) radio.checked = radio.value === preference;
  };
  sync();
  switcher.hidden = false;
  switcher.addEventListener("change", (event) => {
    const value = (event.target as HTMLInputElement).value as ThemePreference;
    try {
      if (value === "system") localStorage.removeItem(THEME_STORAGE_KEY);
      else localStorage.setItem(THEME_STORAGE_KEY, value);
    } catch {
      // Storage disabled: the choice lasts for this page only.
    }
    applyPreference(value);
  });
  // Keep open tabs (docs and admin console share the key) in step.
  window.addEventListener("storage", (event) => {
    if (event.key !== THEME_STORAGE_KEY) return;
    applyPreference(readPreference());
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
setUpCopyButtons();
