// Toasts for completed actions (sonner), in the app's theme. sonner renders an aria-live region,
// so screen readers hear "Key revoked" without focus moving.
import { Toaster as Sonner } from "sonner";
import { useThemePreference } from "../../theme.ts";

export { toast } from "sonner";

export function Toaster() {
  const [preference] = useThemePreference();
  return (
    <Sonner
      theme={preference}
      position="bottom-right"
      closeButton
      richColors
      toastOptions={{ classNames: { toast: "toast" } }}
    />
  );
}
