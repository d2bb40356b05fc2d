// The shared sheet first: every component's own sheet, imported with it, comes after it.
import "./styles.css";
import { QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider } from "@tanstack/react-router";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { installSessionExpiryRedirect } from "./api/unauthorized.ts";
import { createQueryClient } from "./queries/client.ts";
import { SESSION_QUERY_KEY } from "./queries/session.ts";
import { createAppRouter } from "./router.tsx";

const queryClient = createQueryClient();
const router = createAppRouter(queryClient);
installSessionExpiryRedirect(queryClient, router, SESSION_QUERY_KEY);

const container = document.getElementById("root");
if (!container) throw new Error("index.html has no #root element");

createRoot(container).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
