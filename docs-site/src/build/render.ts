// Renders one docs page to a complete HTML document: Markdown from content/ through `marked`,
// with {{ variables }} and <!-- generated: name --> blocks filled from @edgegate/shared.
// Runs in Node at build time (and per request in `vite` dev); the browser gets static HTML.
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
import { WEBHOOK_EVENT_TYPES } from "@edgegate/shared/webhook-events";
import { Marked, type Tokens } from "marked";
import { PAGES, type Page, SITE_NAME } from "../site.ts";
import { exampleApiKey } from "./example-key.ts";
import { escapeHtml, slugify } from "./html.ts";
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
}

/** The page's Markdown as HTML, generated blocks included, without the site layout. */
export function renderContent(page: Page, contentDir = DEFAULT_CONTENT_DIR): RenderedContent {
  const file = `${contentDir}${page.source}`;
  const source = substituteVariables(readFileSync(file, "utf8"), page.source);
  const toc: TocEntry[] = [];
  const markdown = createMarkdown(toc);
  const inline = (text: string) => markdown.parseInline(text) as string;
  const generated: Record<string, () => string> = {
    "error-codes": () => errorCodesTable(inline),
    plans: () => plansTable(),
    "webhook-events": () => webhookEventsTable(inline),
    "retry-schedule": () => retryScheduleTable(),
  };
  const html = (markdown.parse(source) as string)
    // Wide tables scroll sideways on small screens instead of widening the page.
    .replace(/<table>/g, '<div class="table-wrap"><table>')
    .replace(/<\/table>/g, "</table></div>")
    .replace(/<!--\s*generated:\s*([a-z-]+)\s*-->/g, (_, name: string) => {
      const block = generated[name];
      if (!block) throw new Error(`${page.source}: unknown generated block "${name}"`);
      return block();
    });
  return { html, toc };
}

function navigation(current: Page): string {
  const items = PAGES.filter((page) => page.inNav).map((page) => {
    const currentAttr = page.id === current.id ? ' aria-current="page"' : "";
    return `<li><a href="${page.path}"${currentAttr}>${escapeHtml(page.navLabel)}</a></li>`;
  });
  return `<nav class="site-nav" aria-label="Documentation"><ul>${items.join("")}</ul></nav>`;
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

/** A complete HTML document for `page`. Asset URLs are root-relative source paths Vite rewrites. */
export function renderPage(page: Page, contentDir = DEFAULT_CONTENT_DIR): string {
  const { html, toc } = renderContent(page, contentDir);
  const title = page.id === "home" ? SITE_NAME : `${page.title} · ${SITE_NAME}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(title)}</title>
<meta name="description" content="${escapeHtml(page.description)}">
<link rel="icon" type="image/svg+xml" href="/favicon.svg">
<script>${THEME_BOOTSTRAP_SCRIPT}</script>
<link rel="stylesheet" href="/src/client/styles.css">
<script type="module" src="/src/client/main.ts"></script>
</head>
<body>
<a class="skip-link" href="#content">Skip to content</a>
<header class="site-header">
<a class="brand" href="/"><span class="brand-mark" aria-hidden="true">E</span><span>Edgegate <span class="brand-sub">docs</span></span></a>
${THEME_SWITCHER}
</header>
<div class="layout${toc.length >= 2 ? " has-toc" : ""}">
${navigation(page)}
<main id="content" class="content" tabindex="-1">
<article class="prose">
${html}
</article>
</main>
${tableOfContents(toc)}
</div>
<footer class="site-footer"><p>Edgegate · an API gateway at the edge</p></footer>
</body>
</html>
`;
}
