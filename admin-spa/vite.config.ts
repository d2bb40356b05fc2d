// The admin SPA: Vite + React + TanStack Router (file routes, generated into src/routeTree.gen.ts).
// In development the Worker (admin API under /api, data plane under /v1) sits behind Vite's proxy,
// so the SPA and the API share one origin exactly as they do in production.
import { fileURLToPath } from "node:url";
import { parsePort } from "@edgegate/shared/ports";
import { THEME_BOOTSTRAP_SCRIPT } from "@edgegate/shared/theme/bootstrap";
import { tanstackRouter } from "@tanstack/router-plugin/vite";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin, type ProxyOptions } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));
const host = "127.0.0.1";

const port = parsePort("SPA_PORT", process.env.SPA_PORT, 5173);
const workerUrl = process.env.WORKER_URL ?? "http://127.0.0.1:8787";

// The Host header is kept (no changeOrigin): the Worker sees the SPA's origin, so session cookies
// are set for it and the auth library's Origin check compares like with like.
const toWorker: ProxyOptions = { target: workerUrl, xfwd: true };

/** The shared theme bootstrap as a classic inline script at the top of <head>, before first paint. */
const themeBootstrap: Plugin = {
  name: "edgegate-theme-bootstrap",
  transformIndexHtml: () => [{ tag: "script", children: THEME_BOOTSTRAP_SCRIPT, injectTo: "head" }],
};

export default defineConfig({
  root,
  plugins: [
    // Must come before the React plugin: it generates the route tree and splits route modules.
    tanstackRouter({
      target: "react",
      autoCodeSplitting: true,
      quoteStyle: "double",
      semicolons: true,
      routesDirectory: `${root}src/routes`,
      generatedRouteTree: `${root}src/routeTree.gen.ts`,
      tmpDir: `${root}node_modules/.tanstack/tmp`,
    }),
    react(),
    themeBootstrap,
  ],
  server: {
    host,
    port,
    strictPort: true,
    proxy: { "/api": toWorker, "/v1": toWorker },
  },
  preview: {
    host,
    port,
    strictPort: true,
    proxy: { "/api": toWorker, "/v1": toWorker },
  },
  build: {
    outDir: `${root}dist`,
    emptyOutDir: true,
  },
});
