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
import { brokenLinks } from "../src/build/artifacts.ts";
import { exampleApiKey } from "../src/build/example-key.ts";
import { pageForPath, type SitePage, sitePages } from "../src/build/pages.ts";
import { type RuntimeSettings, renderPage as renderWithSettings, VARIABLES } from "../src/build/render.ts";

const PAGES = sitePages();
const SETTINGS: RuntimeSettings = {
  gatewayUrl: "https://api.example.com",
  adminUrl: "https://console.example.com",
};
const renderPage = (page: SitePage) => renderWithSettings(page, SETTINGS);
function getPage(id: string): SitePage {
  const page = PAGES.find((candidate) => candidate.id === id);
  if (!page) throw new Error(`no page ${id}`);
  return page;
}

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
    expect(html).toContain("Authorization: Bearer $EDGEGATE_API_KEY");
    expect(html).toContain("X-API-Key: $EDGEGATE_API_KEY");
    expect(html).toContain("EDGEGATE_URL=http://127.0.0.1:8787");
    expect(html).toContain(VARIABLES.exampleKey);
    expect(checkApiKeyFormat(exampleApiKey())).toBeNull();
    expect(html).not.toMatch(/\{\{/);
  });
});

describe("the build's link check", () => {
  it("reports a link to a missing page and to a missing fragment", () => {
    const pages = [getPage("home"), getPage("errors")];
    const html = new Map([
      [
        "/",
        '<a href="/errors#nope">x</a> <a href="/gone">y</a> <a href="/errors#rate-limited">ok</a> <a href="/llms.txt">z</a>',
      ],
      ["/errors", '<tr id="rate-limited"></tr>'],
    ]);
    expect(brokenLinks(html, new Set(["/llms.txt"]), pages)).toEqual([
      '/: link to /errors#nope: no element with id "nope"',
      "/: link to /gone: no such page or file",
    ]);
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
  }, 120_000);

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

  it("has no broken internal links or fragments", async () => {
    const idsByPath = new Map(PAGES.map((page) => [page.path, new Set(ids(built.get(page.id) ?? ""))]));
    for (const [id, html] of built) {
      for (const [, href] of html.matchAll(/<a\s[^>]*?href="([^"]+)"/g)) {
        if (!href || /^(https?:|mailto:)/.test(href)) continue;
        const [path = "", fragment] = href.split("#");
        const target = path === "" ? getPage(id).path : path;
        const targetIds = idsByPath.get(target);
        if (!targetIds) {
          // Not a page: a file the build emitted (Markdown versions, llms.txt, OpenAPI documents).
          await expect(readFile(join(outDir, target)), `${id}: link to ${href}`).resolves.toBeDefined();
          continue;
        }
        if (fragment) expect(targetIds.has(fragment), `${id}: link to ${href}`).toBe(true);
      }
    }
  });

  it("emits a Markdown version of every page, llms.txt and llms-full.txt", async () => {
    const llms = await readFile(join(outDir, "llms.txt"), "utf8");
    expect(llms).toMatch(/^# Edgegate docs\n\n> /);
    for (const page of PAGES.filter((candidate) => candidate.id !== "not-found")) {
      const file = page.path === "/" ? "index.md" : `${page.path.slice(1)}.md`;
      const markdown = await readFile(join(outDir, file), "utf8");
      expect(markdown, file).toMatch(/^# /);
      expect(markdown, file).not.toMatch(/\{\{/);
      if (page.section) expect(llms).toContain(`(/${file})`);
    }
    const full = await readFile(join(outDir, "llms-full.txt"), "utf8");
    expect(full).toContain("# Runbooks");
    expect(full).toContain("`POST /keys/{id}/rotate`");
  });

  it("gives every admin, gateway and webhook operation its own page, at its operationId", async () => {
    const admin = JSON.parse(await readFile(join(outDir, "openapi.json"), "utf8")) as {
      paths: Record<string, Record<string, { operationId: string; summary: string }>>;
      webhooks: Record<string, { post: { operationId: string } }>;
    };
    const kebab = (id: string) => id.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
    const operations = Object.values(admin.paths).flatMap((methods) => Object.values(methods));
    expect(operations.length).toBeGreaterThan(70);
    for (const operation of operations) {
      const html = await readFile(
        join(outDir, "reference/admin", `${kebab(operation.operationId)}.html`),
        "utf8",
      );
      expect(html).toContain(`<code>${operation.operationId}</code>`);
    }
    for (const { post } of Object.values(admin.webhooks)) {
      const html = await readFile(
        join(outDir, "reference/webhooks", `${kebab(post.operationId)}.html`),
        "utf8",
      );
      expect(html).toContain("webhook-signature");
    }
    // The gateway reference: the upstream's operations with the gateway's auth, headers and errors.
    const echo = await readFile(join(outDir, "reference/gateway/get-echo.html"), "utf8");
    for (const header of ["X-Request-ID", "X-RateLimit-Remaining", "RateLimit-Policy"])
      expect(echo).toContain(header);
    // Among them the body-size and spend-cap refusals, which a hand-kept list once left out.
    for (const code of [
      "INVALID_KEY",
      "RATE_LIMITED",
      "QUOTA_EXCEEDED",
      "SPEND_CAP_REACHED",
      "PAYLOAD_TOO_LARGE",
      "UPSTREAM_TIMEOUT",
    ])
      expect(echo).toContain(`href="/errors#${anchorFor(code)}"`);
    expect(echo).toContain('data-playground="');
    const gateway = JSON.parse(await readFile(join(outDir, "gateway-openapi.json"), "utf8")) as {
      paths: Record<string, Record<string, { security: unknown[]; responses: Record<string, unknown> }>>;
    };
    for (const methods of Object.values(gateway.paths))
      for (const operation of Object.values(methods)) {
        expect(operation.security).toEqual([{ bearerKey: [] }, { apiKeyHeader: [] }]);
        expect(Object.keys(operation.responses)).toEqual(
          expect.arrayContaining(["401", "403", "413", "429", "502", "503", "504"]),
        );
      }
  });

  it("never puts a demo key into a build", async () => {
    for (const html of built.values()) expect(html).not.toContain('name="edgegate-demo-key"');
  });

  it("marks the current page in the navigation and gives every page one h1", () => {
    for (const page of PAGES) {
      const html = built.get(page.id) ?? "";
      expect(html.match(/<h1[\s>]/g)?.length, page.id).toBe(1);
      if (page.section)
        expect(html).toContain(`<a class="nav-link" href="${page.path}" aria-current="page">`);
      expect(html).toContain('<html lang="en">');
    }
  });
});
