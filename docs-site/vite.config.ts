// The documentation site: guides in content/ (Markdown, rendered with `marked`, tables generated
// from @edgegate/shared) and an API reference generated from the OpenAPI documents, all static
// HTML at build time (src/build/plugin.ts), plus one script and one stylesheet.
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
