import { createRootRouteWithContext, Link, Outlet, useRouterState } from "@tanstack/react-router";
import { useEffect, useRef } from "react";
import { ThemeSwitcher } from "../components/ThemeSwitcher.tsx";
import type { RouterContext } from "../router.tsx";

export const Route = createRootRouteWithContext<RouterContext>()({
  component: RootLayout,
});

// Only routes that exist are linked (the `to` type rejects any other). API keys, Analytics,
// Logs, Audit log and Settings join this list as their routes land.
const NAV_ITEMS = [{ to: "/", label: "Overview" }] as const;

/** After an in-app navigation, move focus to <main> so keyboard and screen-reader users start there. */
function useFocusMainOnNavigation() {
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  const previous = useRef(pathname);
  useEffect(() => {
    if (previous.current === pathname) return;
    previous.current = pathname;
    document.getElementById("main")?.focus({ preventScroll: true });
  }, [pathname]);
}

function RootLayout() {
  useFocusMainOnNavigation();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <div className="app-shell">
        <aside className="sidebar">
          <Link to="/" className="brand">
            <span className="brand-mark" aria-hidden="true">
              E
            </span>
            <span>
              Edgegate <span className="brand-sub">admin</span>
            </span>
          </Link>
          <nav aria-label="Main">
            <ul className="nav-list">
              {NAV_ITEMS.map((item) => (
                <li key={item.to}>
                  <Link to={item.to} className="nav-link" activeOptions={{ exact: item.to === "/" }}>
                    {item.label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <div className="sidebar-footer">
            <ThemeSwitcher />
          </div>
        </aside>
        <main id="main" className="main" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
    </>
  );
}
