import { useId } from "react";
import { type ThemePreference, useThemePreference } from "../theme.ts";
import "@edgegate/shared/theme/theme-switcher.css";

const OPTIONS: { value: ThemePreference; label: string }[] = [
  { value: "system", label: "System" },
  { value: "light", label: "Light" },
  { value: "dark", label: "Dark" },
];

/** A native radio group: arrow keys, screen-reader semantics and focus come for free. */
export function ThemeSwitcher() {
  const [preference, setPreference] = useThemePreference();
  const name = useId();
  return (
    <fieldset className="theme-switcher">
      <legend>Theme</legend>
      <div className="segmented">
        {OPTIONS.map((option) => (
          <label key={option.value}>
            <input
              type="radio"
              name={name}
              value={option.value}
              checked={preference === option.value}
              onChange={() => setPreference(option.value)}
            />
            <span>{option.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
