// Renders one docs page to a complete HTML document: a guide's Markdown from content/ through
// `marked` (with {{ variables }} and <!-- generated: name --> blocks filled from @edgegate/shared),
// or a reference page from the OpenAPI documents; then the layout: header with search and theme,
// sidebar, content, "on this page". Runs in Node at build time (and per request in `vite` dev).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  API_KEY_BODY_LENGTH,
  API_KEY_CHECKSUM_LENGTH,
  API_KEY_LENGTH,
  API_KEY_PREFIX,
} from "@edgegate/shared/api-key";
import { ERROR_CODES, type ErrorCode } from "@edgegate/shared/errors";
import { PLAN_IDS, PLANS } from "@edgegate/shared/plans";
import { THEME_BOOTSTRAP_SCRIPT } from "@edgegate/shared/theme/bootstrap";
import { WEBHOOK_EVENT_TYPES } from "@edgegate/shared/webhook-event-types";
import { Marked, type Tokens } from "marked";
import { SECTIONS, SITE_NAME } from "../site.ts";
import { exampleApiKey } from "./example-key.ts";
import { escapeHtml, slugify } from "./html.ts";
import { API_INTROS, loadSite, type SitePage } from "./pages.ts";
import { renderApiIndex, renderOperation } from "./reference.ts";
import {
  errorAnchor,
  errorCodesTable,
  plansTable,
  retryScheduleTable,
  webhookEventAnchor,
  webhookEventsTable,
} from "./tables.ts";

export const DEFAULT_CONTENT_DIR = fileURLToPath(new URL("../../content/", import.meta.url));

const examplePlan = PLANS.STARTER;

/** Values usable in content as {{ name }}; an unknown name fails the build. */
export const VARIABLES: Record<string, string> = {
  keyPrefix: API_KEY_PREFIX,
  keyBodyLength: String(API_KEY_BODY_LENGTH),
  keyChecksumLength: String(API_KEY_CHECKSUM_LENGTH),
  keyLength: String(API_KEY_LENGTH),
  exampleKey: exampleApiKey(),
  examplePlan: examplePlan.name,
  exampleLimit: String(examplePlan.requestsPerMinute),
  exampleBurst: String(examplePlan.burst),
  exampleRemaining: String(examplePlan.requestsPerMinute - 1),
  exampleBurstRemaining: String(examplePlan.burst - 1),
  // Seconds an empty burst bucket takes to refill at the per-minute rate (the gateway's `w`).
  exampleBurstWindow: String(Math.ceil((examplePlan.burst * 60) / examplePlan.requestsPerMinute)),
  exampleQuota: String(examplePlan.monthlyQuota),
  exampleQuotaRemaining: String((examplePlan.monthlyQuota ?? 0) - 1),
};

/** Ids used by the layout and the generated tables; headings never take them. */
const RESERVED_IDS = [
  "content",
  "toc-heading",
  "search-input",
  "search-results",
  "try-it",
  ...(Object.keys(ERROR_CODES) as ErrorCode[]).map(errorAnchor),
  ...PLAN_IDS.map((id) => `plan-${id.toLowerCase()}`),
  ...WEBHOOK_EVENT_TYPES.map(webhookEventAnchor),
];

interface TocEntry {
  id: string;
  html: string;
}

function createMarkdown(toc: TocEntry[]): Marked {
  const used = new Set(RESERVED_IDS);
  const markdown = new Marked({ gfm: true, async: false });
  markdown.use({
    renderer: {
      heading({ tokens, depth, text }: Tokens.Heading): string {
        const inner = this.parser.parseInline(tokens);
        if (depth === 1) return `<h1>${inner}</h1>\n`;
        const base = slugify(text) || "section";
        let id = base;
        for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
        used.add(id);
        if (depth === 2) toc.push({ id, html: inner });
        // The heading text is its own permalink, so the heading's accessible name stays just its text.
        return `<h${depth} id="${id}"><a class="heading-link" href="#${id}">${inner}</a></h${depth}>\n`;
      },
    },
  });
  return markdown;
}

function substituteVariables(source: string, file: string): string {
  return source.replace(/\{\{\s*([A-Za-z]+)\s*\}\}/g, (_, name: string) => {
    const value = VARIABLES[name];
    if (value === undefined) throw new Error(`${file}: unknown variable {{ ${name} }}`);
    return value;
  });
}

export interface RenderedContent {
  html: string;
  toc: TocEntry[];
  /** The page as Markdown, for /<page>.md, llms-full.txt and AI assistants. */
  markdown: string;
}

/** The page's content as HTML, generated blocks included, without the site layout. */
export function renderContent(page: SitePage, contentDir = DEFAULT_CONTENT_DIR): RenderedContent {
  const toc: TocEntry[] = [];
  const markdown = createMarkdown(toc);
  const inline = (text: string) => markdown.parseInline(text) as string;
  const { apis } = loadSite();
  if (page.kind.type === "api-index") {
    const api = apis[page.kind.api];
    return renderApiIndex(api, inline, API_INTROS[page.kind.api].intro);
  }
  if (page.kind.type === "operation")
    return renderOperation(apis[page.kind.api], page.kind.operation, inline);
  const guide = page.kind.guide;
  const source = substituteVariables(readFileSync(`${contentDir}${guide.source}`, "utf8"), guide.source);
  const generated: Record<string, () => string> = {
    "error-codes": () => errorCodesTable(inline),
    plans: () => plansTable(),
    "webhook-events": () => webhookEventsTable(inline),
    "retry-schedule": () => retryScheduleTable(),
  };
  const expand = (text: string) =>
    text.replace(/<!--\s*generated:\s*([a-z-]+)\s*-->/g, (_, name: string) => {
      const block = generated[name];
      if (!block) throw new Error(`${guide.source}: unknown generated block "${name}"`);
      return block();
    });
  const html = expand(
    (markdown.parse(source) as string)
      // Wide tables scroll sideways on small screens instead of widening the page.
      // (Focusable, like code blocks: a wide table scrolls, and keyboard users must reach it.)
      .replace(/<table>/g, '<div class="table-wrap" tabindex="0"><table>')
      // Focusable: a long line scrolls sideways, and keyboard users must be able to scroll it.
      .replace(/<pre>/g, '<pre tabindex="0">')
      .replace(/<\/table>/g, "</table></div>"),
  );
  return { html, toc, markdown: expand(source) };
}

function navLink(page: SitePage, current: SitePage): string {
  const currentAttr = page.id === current.id ? ' aria-current="page"' : "";
  return `<a class="nav-link" href="${page.path}"${currentAttr}>${escapeHtml(page.navLabel)}</a>`;
}

/** The sidebar: every section's pages; inside the reference, the current API's operations by tag. */
function navigation(current: SitePage): string {
  const { pages, apis } = loadSite();
  const currentApi = current.kind.type === "guide" ? undefined : current.kind.api;
  const groups = SECTIONS.map((section) => {
    const items = pages
      .filter((page) => page.section === section.id)
      .map((page) => {
        if (page.kind.type !== "api-index" || page.kind.api !== currentApi)
          return `<li>${navLink(page, current)}</li>`;
        const api = apis[page.kind.api];
        const byTag = api.tags
          .map((tag) => {
            const operations = pages.filter(
              (candidate) =>
                candidate.kind.type === "operation" &&
                candidate.kind.api === api.id &&
                candidate.kind.operation.tag === tag.name,
            );
            const links = operations.map((operation) => `<li>${navLink(operation, current)}</li>`).join("");
            return `<li><span class="nav-tag">${escapeHtml(tag.name)}</span><ul>${links}</ul></li>`;
          })
          .join("");
        return `<li>${navLink(page, current)}<ul class="nav-operations">${byTag}</ul></li>`;
      })
      .join("");
    const id = `nav-${section.id}`;
    return `<div class="nav-section"><h2 id="${id}" class="nav-heading">${escapeHtml(section.label)}</h2><ul aria-labelledby="${id}">${items}</ul></div>`;
  });
  return `<nav class="site-nav" aria-label="Documentation">${groups.join("")}</nav>`;
}

function tableOfContents(toc: TocEntry[]): string {
  if (toc.length < 2) return "";
  const items = toc.map((entry) => `<li><a href="#${entry.id}">${entry.html}</a></li>`).join("");
  return `<aside class="toc" aria-labelledby="toc-heading"><h2 id="toc-heading">On this page</h2><ul>${items}</ul></aside>`;
}

const THEME_SWITCHER = [
  // Hidden without JavaScript, which it needs; the page still follows the system theme.
  '<fieldset class="theme-switcher" hidden><legend>Theme</legend><div class="segmented">',
  ...["system", "light", "dark"].map(
    (value) =>
      `<label><input type="radio" name="theme" value="${value}"${value === "system" ? " checked" : ""}><span>${value[0]?.toUpperCase()}${value.slice(1)}</span></label>`,
  ),
  "</div></fieldset>",
].join("");

const SEARCH = `<search class="site-search" hidden>
<label for="search-input" class="visually-hidden">Search the docs</label>
<input id="search-input" type="search" placeholder="Search the docs" autocomplete="off" spellcheck="false" aria-describedby="search-hint" aria-controls="search-results">
<kbd id="search-hint" class="search-hint"><span class="visually-hidden">Press </span>/<span class="visually-hidden"> to search</span></kbd>
<div id="search-results" class="search-results" hidden></div>
</search>`;

/** What the browser needs to know about where it runs: set by the dev server, or the build's env. */
export interface RuntimeSettings {
  /** The gateway the playground sends to by default (its origin, without /v1). */
  gatewayUrl: string;
  /** The admin console, for links to a request in its log. */
  adminUrl: string;
  /** Only on `pnpm dev`: the seeded demo key, offered by "Use the demo key". Never in a build. */
  demoKey?: string;
}

function runtimeMeta(settings: RuntimeSettings): string {
  const entries: Array<[string, string | undefined]> = [
    ["edgegate-gateway-url", settings.gatewayUrl],
    ["edgegate-admin-url", settings.adminUrl],
    ["edgegate-demo-key", settings.demoKey],
  ];
  return entries
    .filter((entry): entry is [string, string] => Boolean(entry[1]))
    .map(([name, value]) => `<meta name="${name}" content="${escapeHtml(value)}">`)
    .join("\n");
}

/** A complete HTML document for `page`. Asset URLs are root-relative source paths Vite rewrites. */
export function renderPage(
  page: SitePage,
  settings: RuntimeSettings,
  contentDir = DEFAULT_CONTENT_DIR,
): string {
  const { html, toc } = renderContent(page, contentDir);
  const title = page.id === "home" ? SITE_NAME : `${page.title} · ${SITE_NAME}`;
  const markdownPath = page.path === "/" ? "/index.md" : `${page.path}.md`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(title)}</title>
<meta name="description" content="${escapeHtml(page.description)}">
${runtimeMeta(settings)}
<link rel="icon" type="image/svg+xml" href="/favicon.svg">
<link rel="alternate" type="text/markdown" href="${markdownPath}" title="This page as Markdown">
<script>${THEME_BOOTSTRAP_SCRIPT}</script>
<link rel="stylesheet" href="/src/client/styles.css">
<script type="module" src="/src/client/main.ts"></script>
</head>
<body>
<a class="skip-link" href="#content">Skip to content</a>
<header class="site-header">
<a class="brand" href="/"><span class="brand-mark" aria-hidden="true">E</span><span>Edgegate <span class="brand-sub">docs</span></span></a>
${SEARCH}
${THEME_SWITCHER}
</header>
<div class="layout${toc.length >= 2 ? " has-toc" : ""}">
${navigation(page)}
<main id="content" class="content" tabindex="-1">
<article class="prose">
${html}
</article>
${page.id === "not-found" ? "" : `<p class="page-source"><a href="${markdownPath}">View this page as Markdown</a></p>`}
</main>
${tableOfContents(toc)}
</div>
<footer class="site-footer"><p>Edgegate · an API gateway at the edge · <a href="/llms.txt">llms.txt</a> · <a href="/accessibility">Accessibility</a></p></footer>
</body>
</html>
`;
}
