// The signed-in shell: sidebar (brand, organization, navigation, theme, account) and <main>.
// Below 48rem the sidebar folds into a top bar whose "Menu" button discloses it.
import { Link, Outlet, useRouterState } from "@tanstack/react-router";
import { useId, useState } from "react";
import type { Session } from "../../queries/session.ts";
import { ThemeSwitcher } from "../ThemeSwitcher.tsx";
import { Brand } from "./AuthLayout.tsx";
import { NAV_ITEMS, type NavItem, OPERATOR_NAV_ITEMS } from "./nav.ts";
import { OrganizationSwitcher } from "./OrganizationSwitcher.tsx";
import { SuspensionBanner } from "./SuspensionBanner.tsx";
import { UserMenu } from "./UserMenu.tsx";
import "@edgegate/shared/theme/navigation.css";
import "./layout.css";

function NavList({ items }: { items: readonly NavItem[] }) {
  return (
    <ul className="nav-list">
      {items.map((item) => (
        <li key={item.to}>
          <Link to={item.to} className="nav-link" activeOptions={{ exact: item.exact ?? false }}>
            {item.label}
          </Link>
        </li>
      ))}
    </ul>
  );
}

export function AppLayout({ session }: { session: Session }) {
  const panelId = useId();
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  // The drawer is open on the page where it was opened: any navigation from it closes it.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const menuOpen = openOn === pathname;

  return (
    <div className="app-shell">
      <aside className="sidebar">
        <div className="sidebar-top">
          <Brand />
          <button
            type="button"
            className="button button-secondary button-sm menu-toggle"
            aria-expanded={menuOpen}
            aria-controls={panelId}
            onClick={() => setOpenOn(menuOpen ? null : pathname)}
          >
            {menuOpen ? "Close menu" : "Menu"}
          </button>
        </div>
        <div id={panelId} className={`sidebar-panel${menuOpen ? " is-open" : ""}`}>
          <OrganizationSwitcher activeOrganizationId={session.activeOrganizationId} />
          <nav aria-label="Main">
            <NavList items={NAV_ITEMS} />
          </nav>
          {session.operator ? (
            <nav aria-labelledby={`${panelId}-operator`} className="nav-section">
              <h2 id={`${panelId}-operator`} className="nav-heading">
                Operator
              </h2>
              <NavList items={OPERATOR_NAV_ITEMS} />
            </nav>
          ) : null}
          <div className="sidebar-footer">
            <ThemeSwitcher />
            <UserMenu session={session} />
          </div>
        </div>
      </aside>
      <main id="main" className="main" tabIndex={-1}>
        <SuspensionBanner organizationId={session.activeOrganizationId ?? ""} />
        <Outlet />
      </main>
    </div>
  );
}
