// The docs site's generated content: every error code documented at the anchor envelopes link to,
// every plan's limits shown, every internal link resolving — checked on the real `vite build` output.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { checkApiKeyFormat } from "@edgegate/shared/api-key";
import { DOCS_BASE_URL, ERROR_CODES, type ErrorCode, errorDocsUrl } from "@edgegate/shared/errors";
import { PLAN_IDS, PLANS } from "@edgegate/shared/plans";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleApiKey } from "../src/build/example-key.ts";
import { renderPage, VARIABLES } from "../src/build/render.ts";
import { getPage, PAGES, pageForPath } from "../src/site.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const CODES = Object.keys(ERROR_CODES) as ErrorCode[];

/** The brief's rule, written out independently of the code under test. */
const anchorFor = (code: string) => code.toLowerCase().replaceAll("_", "-");

function ids(html: string): string[] {
  return [...html.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1] ?? "");
}

/** The table row whose id is `id`, or undefined. */
function row(html: string, id: string): string | undefined {
  return html.match(new RegExp(`<tr id="${id}">([\\s\\S]*?)</tr>`))?.[1];
}

function text(html: string): string {
  return html
    .replace(/<[^>]+>/g, " ")
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}

function checkErrorsPage(html: string) {
  for (const code of CODES) {
    const { status, message } = ERROR_CODES[code];
    const anchor = anchorFor(code);
    const cells = row(html, anchor);
    expect(cells, `row #${anchor} for ${code}`).toBeDefined();
    const rowText = text(cells ?? "");
    expect(rowText).toContain(code);
    expect(rowText).toMatch(new RegExp(`\\b${status}\\b`));
    expect(rowText).toContain(message);
    // The code itself links to its anchor, so a reader can copy the link.
    expect(cells).toContain(`href="#${anchor}"`);
  }
  const pageIds = ids(html);
  expect(pageIds.length, "ids on the page are unique").toBe(new Set(pageIds).size);
}

describe("errors page (rendered)", () => {
  const html = renderPage(getPage("errors"));

  it("has a row for every ERROR_CODES entry with its anchor, status and message", () => {
    checkErrorsPage(html);
  });

  it("lists the codes in the order shared defines them, and nothing else", () => {
    const rowIds = [...html.matchAll(/<tr id="([^"]+)">/g)].map((match) => match[1]);
    expect(rowIds).toEqual(CODES.map(anchorFor));
  });

  it("is served at the path the envelopes' docs links point to", () => {
    for (const code of CODES) {
      const url = new URL(errorDocsUrl(code));
      expect(url.origin + url.pathname).toBe(DOCS_BASE_URL);
      expect(pageForPath(url.pathname)?.id).toBe("errors");
      expect(url.hash).toBe(`#${anchorFor(code)}`);
    }
  });
});

describe("rate limits page (rendered)", () => {
  it("shows every plan's per-minute limit, burst and monthly quota", () => {
    const html = renderPage(getPage("rate-limits"));
    const format = new Intl.NumberFormat("en-US");
    for (const id of PLAN_IDS) {
      const plan = PLANS[id];
      const cells = text(row(html, `plan-${id.toLowerCase()}`) ?? "");
      expect(cells).toContain(plan.name);
      expect(cells).toContain(format.format(plan.requestsPerMinute));
      expect(cells).toContain(format.format(plan.burst));
      expect(cells).toContain(plan.monthlyQuota === null ? "Unlimited" : format.format(plan.monthlyQuota));
    }
    for (const header of [
      "X-RateLimit-Limit",
      "X-RateLimit-Remaining",
      "X-RateLimit-Reset",
      "RateLimit-Policy",
      "RateLimit",
      "Retry-After",
    ]) {
      expect(html).toContain(`<code>${header}</code>`);
    }
  });
});

describe("getting started page (rendered)", () => {
  it("shows both ways to send a key and a well-formed example key", () => {
    const html = renderPage(getPage("getting-started"));
    expect(html).toContain("Authorization: Bearer ak_...");
    expect(html).toContain("X-API-Key: ak_...");
    expect(html).toContain("http://127.0.0.1:8787/v1/echo");
    expect(html).toContain(VARIABLES.exampleKey);
    expect(checkApiKeyFormat(exampleApiKey())).toBeNull();
    expect(html).not.toMatch(/\{\{/);
  });
});

describe("vite build", () => {
  let outDir: string;
  const built = new Map<string, string>();

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), "edgegate-docs-"));
    await build({
      root,
      configFile: join(root, "vite.config.ts"),
      logLevel: "silent",
      build: { outDir, emptyOutDir: true },
    });
    for (const page of PAGES) built.set(page.id, await readFile(join(outDir, page.output), "utf8"));
  });

  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it("emits every page, and errors.html carries every code with its anchor and status", () => {
    expect([...built.keys()].sort()).toEqual(PAGES.map((page) => page.id).sort());
    checkErrorsPage(built.get("errors") ?? "");
  });

  it("links the bundled stylesheet and script, not the sources", async () => {
    for (const html of built.values()) {
      const css = html.match(/href="(\/assets\/[^"]+\.css)"/)?.[1];
      const js = html.match(/src="(\/assets\/[^"]+\.js)"/)?.[1];
      expect(css).toBeDefined();
      expect(js).toBeDefined();
      expect(html).not.toContain("/src/client/");
      await expect(readFile(join(outDir, css ?? ""), "utf8")).resolves.toContain("--accent");
    }
  });

  it("has no broken internal links or fragments", () => {
    const idsByPath = new Map(PAGES.map((page) => [page.path, new Set(ids(built.get(page.id) ?? ""))]));
    for (const [id, html] of built) {
      for (const [, href] of html.matchAll(/href="([^"]+)"/g)) {
        if (
          !href ||
          /^(https?:|mailto:)/.test(href) ||
          href.startsWith("/assets/") ||
          href === "/favicon.svg"
        ) {
          continue;
        }
        const [path = "", fragment] = href.split("#");
        const target = path === "" ? getPage(id).path : path;
        const targetIds = idsByPath.get(target);
        expect(targetIds, `${id}: link to ${href}`).toBeDefined();
        if (fragment) expect(targetIds?.has(fragment), `${id}: link to ${href}`).toBe(true);
      }
    }
  });

  it("marks the current page in the navigation and gives every page one h1", () => {
    for (const page of PAGES) {
      const html = built.get(page.id) ?? "";
      expect(html.match(/<h1[\s>]/g)?.length, page.id).toBe(1);
      if (page.inNav) expect(html).toContain(`<a href="${page.path}" aria-current="page">`);
      expect(html).toContain('<html lang="en">');
    }
  });
});
