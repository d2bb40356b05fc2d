// Vite plugin: every page (guides and generated reference) becomes an HTML entry. There are no HTML
// files on disk: in a build each page is a virtual entry Vite bundles like any index.html, and the
// other files (Markdown versions, llms.txt, the search index, the gateway's OpenAPI document) are
// emitted beside them; a broken internal link fails the build. In dev a middleware renders each
// page per request, so content edits show on reload.
import { join } from "node:path";
import type { Plugin, ViteDevServer } from "vite";
import {
  brokenLinks,
  gatewayDocumentJson,
  llmsFullTxt,
  llmsTxt,
  markdownPath,
  searchIndex,
} from "./artifacts.ts";
import { GATEWAY_BASE_URL } from "./openapi.ts";
import { pageForPath, type SitePage, sitePages } from "./pages.ts";
import { type RuntimeSettings, renderContent, renderPage } from "./render.ts";

export interface DocsSiteOptions {
  /** The docs-site folder (Vite's root). */
  root: string;
}

/** Files the build emits besides the pages, by URL path. */
function extraFiles(pages: SitePage[]): Map<string, { type: string; body: () => string }> {
  const files = new Map<string, { type: string; body: () => string }>([
    ["/llms.txt", { type: "text/plain; charset=utf-8", body: () => llmsTxt(pages) }],
    ["/llms-full.txt", { type: "text/plain; charset=utf-8", body: () => llmsFullTxt(pages) }],
    ["/search-index.json", { type: "application/json", body: () => searchIndex(pages) }],
    ["/gateway-openapi.json", { type: "application/json", body: gatewayDocumentJson }],
  ]);
  for (const page of pages) {
    if (page.id === "not-found") continue;
    files.set(`/${markdownPath(page)}`, {
      type: "text/markdown; charset=utf-8",
      body: () => renderContent(page).markdown,
    });
  }
  return files;
}

/** A build's settings come from its environment; a build never carries a demo key. */
function buildSettings(): RuntimeSettings {
  return {
    gatewayUrl: GATEWAY_BASE_URL,
    adminUrl: process.env.DOCS_ADMIN_URL ?? "https://console.example.com",
  };
}

/** `pnpm dev` passes the Worker's and the SPA's URLs and the seeded demo key (dev/src/dev.ts). */
function devSettings(): RuntimeSettings {
  return {
    gatewayUrl: process.env.WORKER_URL ?? GATEWAY_BASE_URL,
    adminUrl: process.env.SPA_URL ?? process.env.DOCS_ADMIN_URL ?? "https://console.example.com",
    ...(process.env.EDGEGATE_DEMO_API_KEY ? { demoKey: process.env.EDGEGATE_DEMO_API_KEY } : {}),
  };
}

export function docsSitePlugin({ root }: DocsSiteOptions): Plugin {
  const contentDir = join(root, "content/");
  let pageByEntry: Map<string, SitePage> | undefined;
  const entries = () => {
    pageByEntry ??= new Map(sitePages().map((page) => [join(root, page.output), page]));
    return pageByEntry;
  };

  async function serve(server: ViteDevServer, url: string, page: SitePage, status: number) {
    const html = await server.transformIndexHtml(url, renderPage(page, devSettings(), contentDir));
    return { html, status };
  }

  return {
    name: "edgegate-docs-site",
    enforce: "pre",

    config() {
      return {
        build: {
          rolldownOptions: {
            input: Object.fromEntries(sitePages().map((page) => [page.id, join(root, page.output)])),
          },
        },
      };
    },

    resolveId(id) {
      return entries().has(id) ? id : undefined;
    },

    load(id) {
      const page = entries().get(id);
      return page ? renderPage(page, buildSettings(), contentDir) : undefined;
    },

    generateBundle() {
      const pages = sitePages();
      const files = extraFiles(pages);
      for (const [path, file] of files)
        this.emitFile({ type: "asset", fileName: path.slice(1), source: file.body() });
      const html = new Map(pages.map((page) => [page.path, renderPage(page, buildSettings(), contentDir)]));
      const known = new Set([...files.keys(), "/openapi.json", "/favicon.svg"]);
      const problems = brokenLinks(html, known, pages);
      if (problems.length > 0) this.error(`broken internal links:\n${problems.join("\n")}`);
    },

    configureServer(server) {
      server.watcher.add(contentDir);
      server.watcher.on("change", (file) => {
        if (file.startsWith(contentDir)) server.ws.send({ type: "full-reload" });
      });
      const files = extraFiles(sitePages());

      server.middlewares.use((req, res, next) => {
        if (req.method !== "GET" && req.method !== "HEAD") return next();
        const url = new URL(req.url ?? "/", "http://localhost");
        // Vite's own endpoints (/@vite/client, /@fs/…, /__open-in-editor).
        if (url.pathname.startsWith("/@") || url.pathname.startsWith("/__")) return next();
        const file = files.get(url.pathname);
        if (file) {
          res.setHeader("Content-Type", file.type);
          res.setHeader("Cache-Control", "no-cache");
          res.end(req.method === "HEAD" ? undefined : file.body());
          return;
        }
        const page = pageForPath(url.pathname);
        // Anything with a file extension other than .html is an asset for Vite to serve.
        const isPageRequest = !/\.[a-z0-9]+$/i.test(url.pathname) || url.pathname.endsWith(".html");
        if (!page && !isPageRequest) return next();
        if (!page && !(req.headers.accept ?? "").includes("text/html")) return next();
        const target = page ?? sitePages().find((candidate) => candidate.id === "not-found");
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
