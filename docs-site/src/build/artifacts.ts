// The files a build emits besides the pages: the search index (MiniSearch, loaded by the browser
// on first use), a Markdown version of every page, llms.txt / llms-full.txt for AI assistants, the
// gateway's OpenAPI document; and the link check that fails the build on a broken internal link.
import MiniSearch from "minisearch";
import { SEARCH_OPTIONS } from "../shared/search.ts";
import { SECTIONS, SITE_NAME } from "../site.ts";
import { loadDocuments } from "./openapi.ts";
import type { SitePage } from "./pages.ts";
import { renderContent } from "./render.ts";

function textOf(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}

export function markdownPath(page: SitePage): string {
  return page.path === "/" ? "index.md" : `${page.path.slice(1)}.md`;
}

function sectionLabel(page: SitePage): string {
  if (page.kind.type === "operation") return page.title.split(" · ")[1] ?? "Reference";
  return SECTIONS.find((section) => section.id === page.section)?.label ?? "";
}

export function searchIndex(pages: SitePage[]): string {
  const search = new MiniSearch({
    ...SEARCH_OPTIONS,
    fields: [...SEARCH_OPTIONS.fields],
    storeFields: [...SEARCH_OPTIONS.storeFields],
  });
  search.addAll(
    pages
      .filter((page) => page.id !== "not-found")
      .map((page, index) => {
        const { html, toc } = renderContent(page);
        const extra =
          page.kind.type === "operation"
            ? ` ${page.kind.operation.operationId} ${page.kind.operation.method} ${page.kind.operation.path}`
            : "";
        return {
          id: index,
          title: page.kind.type === "operation" ? page.navLabel : page.title,
          path: page.path,
          section: sectionLabel(page),
          headings: toc.map((entry) => textOf(entry.html)).join(" ") + extra,
          text: textOf(html),
        };
      }),
  );
  return JSON.stringify(search);
}

/** llms.txt (llmstxt.org): the site's map in Markdown, each link to a page's Markdown version. */
export function llmsTxt(pages: SitePage[]): string {
  const lines = [
    `# ${SITE_NAME}`,
    "",
    "> Edgegate is an API gateway at the edge: API keys, rate limits and quotas, a streaming proxy, analytics and logs, webhooks. These docs cover calling an API through it and running it.",
    "",
  ];
  for (const section of SECTIONS) {
    const inSection = pages.filter((page) => page.section === section.id);
    if (inSection.length === 0) continue;
    lines.push(`## ${section.label}`, "");
    for (const page of inSection)
      lines.push(`- [${page.title}](/${markdownPath(page)}): ${page.description}`);
    lines.push("");
  }
  lines.push(
    "## Optional",
    "",
    "- [Everything in one file](/llms-full.txt): every page, reference included, as Markdown",
    "- [Admin API OpenAPI document](/openapi.json)",
    "- [Gateway API OpenAPI document](/gateway-openapi.json)",
    "",
  );
  return lines.join("\n");
}

export function llmsFullTxt(pages: SitePage[]): string {
  return pages
    .filter((page) => page.id !== "not-found")
    .map((page) => `<!-- ${page.path} -->\n${renderContent(page).markdown.trim()}\n`)
    .join("\n");
}

export function gatewayDocumentJson(): string {
  return `${JSON.stringify(loadDocuments().gateway, null, 2)}\n`;
}

/**
 * Internal links (href="/…" and "#…") that lead nowhere: no page at the path, or no element with
 * the fragment's id on the target page. Files (/openapi.json, /llms.txt, *.md) must be in `files`.
 */
export function brokenLinks(html: Map<string, string>, files: Set<string>, pages: SitePage[]): string[] {
  const idsByPath = new Map<string, Set<string>>();
  for (const page of pages) {
    const source = html.get(page.path) ?? "";
    idsByPath.set(
      page.path,
      new Set([...source.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1] as string)),
    );
  }
  const problems: string[] = [];
  for (const [from, source] of html) {
    for (const match of source.matchAll(/<a\s[^>]*?href="([^"]*)"/g)) {
      const href = (match[1] as string).replaceAll("&amp;", "&");
      if (/^[a-z]+:/i.test(href) || href.startsWith("//")) continue;
      const [rawPath = "", fragment] = href.split("#");
      const path = rawPath === "" ? from : (rawPath.split("?")[0] ?? "");
      if (idsByPath.has(path)) {
        if (fragment && !idsByPath.get(path)?.has(decodeURIComponent(fragment)))
          problems.push(`${from}: link to ${href}: no element with id "${fragment}"`);
        continue;
      }
      if (!files.has(path)) problems.push(`${from}: link to ${href}: no such page or file`);
    }
  }
  return problems;
}
