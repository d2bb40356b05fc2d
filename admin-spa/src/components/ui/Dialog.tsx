// A modal dialog on the native <dialog> element: showModal() makes the rest of the page inert
// (the focus trap), Esc closes it, and the browser's top layer handles stacking. What the element
// does not do — give focus back to whatever opened it — is done here.
import { type ReactNode, useEffect, useId, useRef } from "react";
import "./dialog.css";

/** Focus starts on the element inside marked `data-autofocus`, else on the first focusable one. */
export interface DialogProps {
  open: boolean;
  /** Called for every way of closing: Esc, the close button, a backdrop click, `onClose` callers. */
  onClose: () => void;
  title: ReactNode;
  /** Extra text under the title, tied to the dialog with aria-describedby. */
  description?: ReactNode;
  children?: ReactNode;
  /** Buttons row; usually a Cancel and a primary action. */
  footer?: ReactNode;
  /** "wide" for forms with several columns. */
  size?: "normal" | "wide";
  /** Refuse Esc/backdrop closing while something runs (a pending mutation). */
  dismissible?: boolean;
}

export function Dialog({
  open,
  onClose,
  title,
  description,
  children,
  footer,
  size = "normal",
  dismissible = true,
}: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  const opener = useRef<Element | null>(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current = document.activeElement;
      dialog.showModal();
      // showModal() focuses the first focusable element (the Close button); a control marked
      // data-autofocus (the field to fill in) is the better start. React's autoFocus runs before
      // the dialog is shown, when focusing cannot work.
      dialog.querySelector<HTMLElement>("[data-autofocus]")?.focus();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);

  // Restore focus when the dialog goes away, however it went (closed, or unmounted while open).
  useEffect(() => {
    if (!open) return;
    return () => {
      const target = opener.current;
      if (target instanceof HTMLElement && target.isConnected) target.focus();
    };
  }, [open]);

  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: a backdrop click is the mouse twin of Esc (onCancel)
    <dialog
      ref={ref}
      className={`dialog${size === "wide" ? " dialog-wide" : ""}`}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      onCancel={(event) => {
        // Esc: keep React in charge of `open`.
        event.preventDefault();
        if (dismissible) onCloseRef.current();
      }}
      onClick={(event) => {
        // A click on the backdrop targets the <dialog> itself, outside its content box.
        if (event.target !== ref.current || !dismissible) return;
        const box = ref.current.getBoundingClientRect();
        const inside =
          event.clientX >= box.left &&
          event.clientX <= box.right &&
          event.clientY >= box.top &&
          event.clientY <= box.bottom;
        if (!inside) onCloseRef.current();
      }}
    >
      {open ? (
        <div className="dialog-body">
          <header className="dialog-header">
            <h2 id={titleId}>{title}</h2>
            <button
              type="button"
              className="icon-button"
              onClick={() => dismissible && onCloseRef.current()}
              aria-label="Close"
            >
              <span aria-hidden="true">×</span>
            </button>
          </header>
          {description ? (
            <p id={descriptionId} className="muted">
              {description}
            </p>
          ) : null}
          {children}
          {footer ? <div className="dialog-footer">{footer}</div> : null}
        </div>
      ) : null}
    </dialog>
  );
}
