// A table row's actions behind one button, so a row with four actions stays as narrow as one
// button (the API keys table fits its card at 1024 px and up). A disclosure rather than an ARIA
// menu, like the user menu: the panel holds plain buttons that keep their own names ("Rotate
// Production backend"). The panel is a popover in the top layer, so the table's scroll box never
// clips it; the browser closes it on Escape or a click elsewhere and puts focus back on the
// toggle, and it closes when the page scrolls (it is placed once, under the toggle).
import { type ReactNode, useEffect, useId, useRef } from "react";
import "./row-actions.css";

export interface RowActionsApi {
  /**
   * Wrap each action: closes the panel and focuses the toggle first, so a dialog the action
   * opens hands focus back to a visible control when it closes.
   */
  run: (action: () => void) => () => void;
}

export function RowActions({
  label,
  children,
}: {
  /** The toggle's accessible name, e.g. "Actions for Production backend". */
  label: string;
  children: (api: RowActionsApi) => ReactNode;
}) {
  const panelId = useId();
  const toggle = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = panel.current;
    if (!element) return;
    const close = () => element.hidePopover();
    // Placed before it shows (no jump): under the toggle, right edges aligned.
    const onBeforeToggle = (event: Event) => {
      const anchor = toggle.current?.getBoundingClientRect();
      if ((event as ToggleEvent).newState !== "open" || !anchor) return;
      element.style.top = `${anchor.bottom + 4}px`;
      element.style.right = `${Math.max(4, document.documentElement.clientWidth - anchor.right)}px`;
    };
    const onToggle = (event: Event) => {
      if ((event as ToggleEvent).newState !== "open") {
        window.removeEventListener("scroll", close, true);
        return;
      }
      // Near the bottom of the window, above the toggle instead.
      const anchor = toggle.current?.getBoundingClientRect();
      if (anchor && element.getBoundingClientRect().bottom > window.innerHeight) {
        element.style.top = `${Math.max(4, anchor.top - 4 - element.offsetHeight)}px`;
      }
      element.querySelector<HTMLElement>("button:not([aria-disabled='true'])")?.focus();
      window.addEventListener("scroll", close, true);
    };
    element.addEventListener("beforetoggle", onBeforeToggle);
    element.addEventListener("toggle", onToggle);
    return () => {
      element.removeEventListener("beforetoggle", onBeforeToggle);
      element.removeEventListener("toggle", onToggle);
      window.removeEventListener("scroll", close, true);
    };
  }, []);

  const run: RowActionsApi["run"] = (action) => () => {
    panel.current?.hidePopover();
    toggle.current?.focus();
    action();
  };

  return (
    <>
      <button
        ref={toggle}
        type="button"
        className="button button-secondary button-sm row-actions-toggle"
        popoverTarget={panelId}
        aria-label={label}
      >
        Actions <span aria-hidden="true">▾</span>
      </button>
      <div ref={panel} id={panelId} popover="auto" className="row-actions-panel">
        {children({ run })}
      </div>
    </>
  );
}
