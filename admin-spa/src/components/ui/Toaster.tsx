// Toasts for completed actions (sonner), in the app's theme. sonner renders an aria-live region,
// so screen readers hear "Key revoked" without focus moving.
//
// sonner is loaded after the first render, not with the app: the sign-in page's initial
// JavaScript has a budget (≤ 150 KB gzipped, `pnpm bench`), and no toast is shown before then.
import { lazy, Suspense } from "react";
import type { toast as sonnerToast } from "sonner";
import { useThemePreference } from "../../theme.ts";

const Sonner = lazy(() => import("sonner").then((module) => ({ default: module.Toaster })));

export function Toaster() {
  const [preference] = useThemePreference();
  return (
    <Suspense fallback={null}>
      <Sonner
        theme={preference}
        position="bottom-right"
        closeButton
        richColors
        toastOptions={{ classNames: { toast: "toast" } }}
      />
    </Suspense>
  );
}

type Toast = typeof sonnerToast;

/** sonner's `toast`, reached through the same lazily loaded module as the Toaster. */
export const toast = {
  success: (...args: Parameters<Toast["success"]>) => {
    void import("sonner").then((module) => module.toast.success(...args));
  },
  error: (...args: Parameters<Toast["error"]>) => {
    void import("sonner").then((module) => module.toast.error(...args));
  },
  info: (...args: Parameters<Toast["info"]>) => {
    void import("sonner").then((module) => module.toast.info(...args));
  },
};
