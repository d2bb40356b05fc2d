// The document frame every page shares: the skip link, toasts, and focus moved to <main> after
// each navigation. The signed-in shell is the pathless `_app` layout; sign-in pages have their own.
import { createRootRouteWithContext, Outlet, useRouterState } from "@tanstack/react-router";
import { useEffect, useRef } from "react";
import { RootNotFound } from "../components/RouteStates.tsx";
import { Toaster } from "../components/ui/Toaster.tsx";
import type { RouterContext } from "../router.tsx";

export const Route = createRootRouteWithContext<RouterContext>()({
  component: RootLayout,
  notFoundComponent: RootNotFound,
});

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
      <Outlet />
      <Toaster />
    </>
  );
}
