// The documentation site: Markdown pages in content/, rendered at build time with `marked` into
// static HTML (tables generated from @edgegate/shared), plus one small script and one stylesheet.
import { fileURLToPath } from "node:url";
import { parsePort } from "@edgegate/shared/ports";
import { defineConfig } from "vite";
import { docsSitePlugin } from "./src/build/plugin.ts";

const root = fileURLToPath(new URL(".", import.meta.url));
const host = "127.0.0.1";

const port = parsePort("DOCS_PORT", process.env.DOCS_PORT, 5174);

export default defineConfig({
  root,
  appType: "mpa",
  plugins: [docsSitePlugin({ root })],
  server: { host, port, strictPort: true },
  preview: { host, port, strictPort: true },
  build: {
    outDir: `${root}dist`,
    emptyOutDir: true,
  },
});
