// Every page of the site: the guides (site.ts) and the reference generated from the OpenAPI
// documents — an index per API and a page per operation. Built once per build (and per dev server).
import { GUIDES, type Guide, type SectionId } from "../site.ts";
import { type ApiDocument, type ApiId, loadApis, type Operation } from "./openapi.ts";
import { API_PATHS, operationPath } from "./reference.ts";

export type PageKind =
  | { type: "guide"; guide: Guide }
  | { type: "api-index"; api: ApiId }
  | { type: "operation"; api: ApiId; operation: Operation };

export interface SitePage {
  id: string;
  path: string;
  /** Output file, relative to dist/. */
  output: string;
  title: string;
  navLabel: string;
  description: string;
  section?: SectionId;
  kind: PageKind;
}

export const API_INTROS: Record<ApiId, { navLabel: string; intro: string; description: string }> = {
  gateway: {
    navLabel: "Gateway API",
    description:
      "Every operation of the API behind the gateway, with the gateway's auth, headers and errors, and a playground.",
    intro:
      "The API your consumers call, as served through the gateway: each operation with its parameters, schemas and examples, the gateway's [authentication](/authentication), [rate-limit headers](/rate-limits) and [errors](/errors), and a playground that sends a real request. On `pnpm dev` this is the demo upstream.",
  },
  admin: {
    navLabel: "Admin API",
    description:
      "Every admin API operation: keys, tokens, organization, analytics, logs, webhooks and accounts.",
    intro:
      "Manage keys, automation tokens, the organization, analytics, logs and webhooks. Sign in for a session cookie, or send an [automation token](/automation) as `Authorization: Bearer egt_…`.",
  },
  webhooks: {
    navLabel: "Webhook events",
    description: "The payload of every webhook event Edgegate sends, with its schema and an example.",
    intro:
      "Every event Edgegate POSTs to your endpoints, with its payload schema and an example. How delivery, retries and signatures work: [Webhooks](/webhooks).",
  },
};

function outputFor(path: string): string {
  return path === "/" ? "index.html" : `${path.slice(1)}.html`;
}

let cached: { pages: SitePage[]; apis: Record<ApiId, ApiDocument> } | undefined;

export function loadSite(): { pages: SitePage[]; apis: Record<ApiId, ApiDocument> } {
  if (cached) return cached;
  const apis = loadApis();
  const pages: SitePage[] = GUIDES.map((guide) => ({
    id: guide.id,
    path: guide.path,
    output: guide.id === "not-found" ? "404.html" : outputFor(guide.path),
    title: guide.title,
    navLabel: guide.navLabel,
    description: guide.description,
    ...(guide.section ? { section: guide.section } : {}),
    kind: { type: "guide", guide },
  }));
  // Reference before "About these docs".
  const aboutAt = pages.findIndex((page) => page.section === "about");
  const reference: SitePage[] = [];
  for (const id of ["gateway", "admin", "webhooks"] as const) {
    const api = apis[id];
    reference.push({
      id: `reference-${id}`,
      path: API_PATHS[id],
      output: outputFor(API_PATHS[id]),
      title: api.title,
      navLabel: API_INTROS[id].navLabel,
      description: API_INTROS[id].description,
      section: "reference",
      kind: { type: "api-index", api: id },
    });
    for (const operation of api.operations) {
      const path = operationPath(operation);
      reference.push({
        id: `${id}-${operation.slug}`,
        path,
        output: outputFor(path),
        title: `${operation.summary} · ${api.title}`,
        navLabel: operation.summary,
        description:
          id === "webhooks"
            ? `The ${operation.path} webhook event: payload schema and example.`
            : `${operation.method} ${operation.path}: ${operation.summary}.`,
        kind: { type: "operation", api: id, operation },
      });
    }
  }
  pages.splice(aboutAt, 0, ...reference);
  const paths = new Set<string>();
  for (const page of pages) {
    if (paths.has(page.path)) throw new Error(`two docs pages at ${page.path}`);
    paths.add(page.path);
  }
  cached = { pages, apis };
  return cached;
}

export function sitePages(): SitePage[] {
  return loadSite().pages;
}

/** The page served at a URL path: `/errors`, `/errors.html` and `/errors/` are the same page. */
export function pageForPath(pathname: string, pages = sitePages()): SitePage | undefined {
  let path = pathname.replace(/\/index\.html$/, "/").replace(/\.html$/, "");
  if (path.length > 1) path = path.replace(/\/+$/, "");
  return pages.find((page) => page.path === path);
}
