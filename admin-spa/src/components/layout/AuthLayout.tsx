// The frame of the signed-out pages, apart from the signed-in shell (AppLayout.tsx): sign-in loads
// this module alone, not the shell's organization switcher, navigation and menus (its initial
// JavaScript has a budget, `pnpm bench`).
import { Link } from "@tanstack/react-router";
import { ThemeSwitcher } from "../ThemeSwitcher.tsx";
import "@edgegate/shared/theme/navigation.css";
import "./layout.css";

export function Brand() {
  return (
    <Link to="/" className="brand">
      <span className="brand-mark" aria-hidden="true">
        E
      </span>
      <span>
        Edgegate <span className="brand-sub">admin</span>
      </span>
    </Link>
  );
}

/** The frame of the signed-out pages (sign-in, sign-up, invitations): one centred card. */
export function AuthLayout({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <main id="main" className="auth-main" tabIndex={-1}>
      <title>{`${title} · Edgegate`}</title>
      <div className="auth-card card">
        <Brand />
        <h1>{title}</h1>
        {children}
      </div>
      <div className="auth-theme">
        <ThemeSwitcher />
      </div>
    </main>
  );
}
