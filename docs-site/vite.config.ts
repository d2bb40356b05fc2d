// The documentation site: Markdown pages in content/, rendered at build time with `marked` into
// static HTML (tables generated from @edgegate/shared), plus one small script and one stylesheet.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import { docsSitePlugin } from "./src/build/plugin.ts";

const root = fileURLToPath(new URL(".", import.meta.url));
const host = "127.0.0.1";

function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new Error(`${name} must be a TCP port (1-65535), got "${raw}"`);
  }
  return port;
}

const port = portFromEnv("DOCS_PORT", 5174);

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
