// The signed-in user: email and role, sign out, sign out everywhere. A disclosure (button with
// aria-expanded) rather than an ARIA menu: two plain buttons need no roving focus.
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useEffect, useId, useRef, useState } from "react";
import { signOut, signOutEverywhere } from "../../api/auth.ts";
import type { Session } from "../../queries/session.ts";
import { Button } from "../ui/Button.tsx";
import { toast } from "../ui/Toaster.tsx";

export function UserMenu({ session }: { session: Session }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState<"one" | "all" | null>(null);
  const panelId = useId();
  const toggle = useRef<HTMLButtonElement>(null);
  const container = useRef<HTMLDivElement>(null);
  const queryClient = useQueryClient();
  const navigate = useNavigate();

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
        setOpen(false);
        toggle.current?.focus();
      }
    };
    const onPointer = (event: PointerEvent) => {
      if (!container.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPointer);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPointer);
    };
  }, [open]);

  const run = async (which: "one" | "all") => {
    setBusy(which);
    try {
      await (which === "all" ? signOutEverywhere() : signOut());
      queryClient.clear();
      toast.success(which === "all" ? "Signed out on every device" : "Signed out");
      await navigate({ to: "/sign-in" });
    } catch (error) {
      toast.error(error instanceof Error ? error.message : "Signing out failed.");
      setBusy(null);
    }
  };

  return (
    <div className="user-menu" ref={container}>
      <button
        ref={toggle}
        type="button"
        className="user-menu-toggle"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
      >
        <span className="avatar" aria-hidden="true">
          {(session.user.name || session.user.email).charAt(0).toUpperCase()}
        </span>
        <span className="user-menu-text">
          <span className="user-email">{session.user.email}</span>
          {session.role ? <span className="muted small">{session.role}</span> : null}
        </span>
        <span className="visually-hidden">Account</span>
      </button>
      <div id={panelId} className="user-menu-panel" hidden={!open}>
        <Button variant="secondary" size="sm" busy={busy === "one"} onClick={() => void run("one")}>
          Sign out
        </Button>
        <Button variant="ghost" size="sm" busy={busy === "all"} onClick={() => void run("all")}>
          Sign out everywhere
        </Button>
      </div>
    </div>
  );
}
