// The pages of the documentation site, in navigation order. Each is a Markdown file in content/
// rendered to a static HTML file; `path` is the URL it is served at (hosts map /errors to errors.html).

export interface Page {
  id: string;
  /** URL path. `/errors` must stay: error envelopes link to https://docs.edgegate.dev/errors#<code>. */
  path: string;
  /** Output file, relative to the site root (and so to dist/). */
  output: string;
  /** Markdown source, relative to content/. */
  source: string;
  /** Document title (before " · Edgegate docs") and navigation label. */
  title: string;
  navLabel: string;
  description: string;
  inNav: boolean;
}

export const SITE_NAME = "Edgegate docs";

export const PAGES: readonly Page[] = [
  {
    id: "home",
    path: "/",
    output: "index.html",
    source: "index.md",
    title: "Edgegate documentation",
    navLabel: "Home",
    description: "Edgegate is an API gateway at the edge: API keys, rate limits, quotas, analytics and logs.",
    inNav: true,
  },
  {
    id: "getting-started",
    path: "/getting-started",
    output: "getting-started.html",
    source: "getting-started.md",
    title: "Getting started",
    navLabel: "Getting started",
    description: "Call your API through the Edgegate gateway with an API key.",
    inNav: true,
  },
  {
    id: "errors",
    path: "/errors",
    output: "errors.html",
    source: "errors.md",
    title: "Errors",
    navLabel: "Errors",
    description: "The error envelope and every error code Edgegate returns, with its HTTP status.",
    inNav: true,
  },
  {
    id: "rate-limits",
    path: "/rate-limits",
    output: "rate-limits.html",
    source: "rate-limits.md",
    title: "Rate limits",
    navLabel: "Rate limits",
    description: "Per-plan rate limits, burst limits and monthly quotas, and the headers that report them.",
    inNav: true,
  },
  {
    id: "webhooks",
    path: "/webhooks",
    output: "webhooks.html",
    source: "webhooks.md",
    title: "Webhooks",
    navLabel: "Webhooks",
    description:
      "Signed webhook events from Edgegate: event types, headers, retries and how to verify signatures.",
    inNav: true,
  },
  {
    id: "not-found",
    path: "/404",
    output: "404.html",
    source: "404.md",
    title: "Page not found",
    navLabel: "Not found",
    description: "There is no page at this address.",
    inNav: false,
  },
];

export function getPage(id: string): Page {
  const page = PAGES.find((candidate) => candidate.id === id);
  if (!page) throw new Error(`no docs page "${id}"`);
  return page;
}

/** The page served at a URL path: `/errors`, `/errors.html` and `/errors/` are the same page. */
export function pageForPath(pathname: string): Page | undefined {
  let path = pathname.replace(/\/index\.html$/, "/").replace(/\.html$/, "");
  if (path.length > 1) path = path.replace(/\/+$/, "");
  return PAGES.find((page) => page.path === path);
}
