// Vite plugin: every page in site.ts becomes an HTML entry rendered from Markdown. There are no
// HTML files on disk: in a build each page is a virtual entry Vite bundles like any index.html;
// in dev a middleware renders the page per request, so content edits show on reload.
import { join } from "node:path";
import type { Plugin, ViteDevServer } from "vite";
import { PAGES, type Page, pageForPath } from "../site.ts";
import { renderPage } from "./render.ts";

export interface DocsSiteOptions {
  /** The docs-site folder (Vite's root). */
  root: string;
}

export function docsSitePlugin({ root }: DocsSiteOptions): Plugin {
  const contentDir = join(root, "content/");
  const pageByEntry = new Map<string, Page>(PAGES.map((page) => [join(root, page.output), page]));

  async function serve(server: ViteDevServer, url: string, page: Page, status: number) {
    const html = await server.transformIndexHtml(url, renderPage(page, contentDir));
    return { html, status };
  }

  return {
    name: "edgegate-docs-site",
    enforce: "pre",

    config() {
      return {
        build: {
          rolldownOptions: {
            input: Object.fromEntries(PAGES.map((page) => [page.id, join(root, page.output)])),
          },
        },
      };
    },

    resolveId(id) {
      return pageByEntry.has(id) ? id : undefined;
    },

    load(id) {
      const page = pageByEntry.get(id);
      return page ? renderPage(page, contentDir) : undefined;
    },

    configureServer(server) {
      server.watcher.add(contentDir);
      server.watcher.on("change", (file) => {
        if (file.startsWith(contentDir)) server.ws.send({ type: "full-reload" });
      });

      server.middlewares.use((req, res, next) => {
        if (req.method !== "GET" && req.method !== "HEAD") return next();
        const url = new URL(req.url ?? "/", "http://localhost");
        // Vite's own endpoints (/@vite/client, /@fs/…, /__open-in-editor).
        if (url.pathname.startsWith("/@") || url.pathname.startsWith("/__")) return next();
        const page = pageForPath(url.pathname);
        // Anything with a file extension other than .html is an asset for Vite to serve.
        const isPageRequest = !/\.[a-z0-9]+$/i.test(url.pathname) || url.pathname.endsWith(".html");
        if (!page && !isPageRequest) return next();
        if (!page && !(req.headers.accept ?? "").includes("text/html")) return next();
        const notFound = PAGES.find((candidate) => candidate.id === "not-found");
        const target = page ?? notFound;
        if (!target) return next();
        serve(server, req.url ?? "/", target, page ? 200 : 404).then(
          ({ html, status }) => {
            res.statusCode = status;
            res.setHeader("Content-Type", "text/html; charset=utf-8");
            res.setHeader("Cache-Control", "no-cache");
            res.end(req.method === "HEAD" ? undefined : html);
          },
          (error: unknown) => next(error),
        );
      });
    },
  };
}
