// The built docs site in a real browser (Debian's Chromium driven by playwright-core): every page in
// both themes loads without console errors or failed requests, passes axe-core with no serious or
// critical violations, and is screenshotted; plus what a reader notices: the #rate-limited anchor,
// the skip link and visible focus, the theme switcher, copy buttons and the navigation.
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import axe from "axe-core";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pageForPath, sitePages } from "../src/build/pages.ts";

const PAGES = sitePages();

const root = fileURLToPath(new URL("..", import.meta.url));
const screenshotDir = fileURLToPath(new URL("../../test-results/screenshots/", import.meta.url));
const CHROMIUM = "/usr/bin/chromium";
const THEMES = ["light", "dark"] as const;
type Theme = (typeof THEMES)[number];

/** The pages a reader can reach; the 404 page is loaded at an address that does not exist. */
const PAGE_URLS = PAGES.map((page) => {
  // An operation's heading is its summary; the document title adds the API's name.
  const heading = page.kind.type === "operation" ? page.navLabel : page.title;
  return page.id === "not-found"
    ? { id: "404", url: "/no-such-page", title: heading, status: 404 }
    : { id: page.id, url: page.path, title: heading, status: 200 };
});

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".woff2": "font/woff2",
};

/** Serves dist/ like the docs host does: /errors → errors.html, anything unknown → 404.html. */
function staticServer(dir: string): Server {
  return createServer((req, res) => {
    void (async () => {
      const { pathname } = new URL(req.url ?? "/", "http://localhost");
      const page = pageForPath(pathname);
      let file = page ? join(dir, page.output) : join(dir, normalize(decodeURIComponent(pathname)));
      let status = 200;
      const isFile = file.startsWith(dir) && (await stat(file).catch(() => null))?.isFile();
      if (!isFile) {
        file = join(dir, "404.html");
        status = 404;
      }
      const body = await readFile(file);
      res.writeHead(status, {
        "Content-Type": CONTENT_TYPES[extname(file)] ?? "application/octet-stream",
        "Cache-Control": "no-store",
      });
      res.end(req.method === "HEAD" ? undefined : body);
    })().catch((error: unknown) => {
      res.writeHead(500, { "Content-Type": "text/plain" });
      res.end(String(error));
    });
  });
}

/** Debian's Chromium with a fresh profile in a temporary folder, removed by `close`. */
async function launchChromium(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is missing: ${CHROMIUM} does not exist. The docs browser tests need Debian's Chromium; install it with apt-get install -y chromium`,
    );
  }
  const profile = await mkdtemp(join(tmpdir(), "edgegate-docs-chromium-"));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
      viewport: { width: 1280, height: 800 },
      reducedMotion: "reduce",
      // Copy buttons write to the clipboard; one test reads it back.
      permissions: ["clipboard-read", "clipboard-write"],
    });
    for (const blank of context.pages()) await blank.close();
    return {
      context,
      close: async () => {
        await context.close();
        await rm(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
}

/**
 * The status the static server should answer: 404 for a document at an address that is no page
 * (the 404 page), 200 for pages and for every asset the pages load.
 */
function expectedStatus(url: string, resourceType = "document"): number {
  if (resourceType !== "document") return 200;
  const { pathname } = new URL(url);
  return pageForPath(pathname) ||
    pathname.startsWith("/assets/") ||
    ["/favicon.svg", "/search-index.json"].includes(pathname)
    ? 200
    : 404;
}

/**
 * Console errors, uncaught exceptions and failed or erroring requests seen by a page. A response
 * with the status the test expects (the 404 page's own 404) is not a problem, nor is the console
 * message Chromium logs for it.
 */
function watchProblems(page: Page) {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const url = message.location().url;
    const expectedFailure =
      /^Failed to load resource: the server responded with a status of (\d+)/.exec(message.text())?.[1] ===
      String(url ? expectedStatus(url) : 200);
    if (!expectedFailure) problems.push(`console error: ${message.text()} (${url})`);
  });
  page.on("pageerror", (error) => problems.push(`uncaught exception: ${error.message}`));
  page.on("requestfailed", (request) =>
    problems.push(`request failed: ${request.url()} (${request.failure()?.errorText ?? "unknown"})`),
  );
  page.on("response", (response) => {
    const expected = expectedStatus(response.url(), response.request().resourceType());
    if (response.status() !== expected) {
      problems.push(`HTTP ${response.status()} (expected ${expected}) for ${response.url()}`);
    }
  });
  return problems;
}

interface Violation {
  id: string;
  impact?: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/** Every axe-core violation of the WCAG 2.0–2.2 A and AA rules and axe's best practices. */
async function axeViolations(page: Page): Promise<Violation[]> {
  await page.addScriptTag({ content: axe.source });
  const violations = await page.evaluate(async () => {
    const { axe: engine } = window as unknown as { axe: typeof import("axe-core") };
    const results = await engine.run(document, { resultTypes: ["violations"] });
    return results.violations.map(({ id, impact, help, helpUrl, nodes }) => ({
      id,
      impact,
      help,
      helpUrl,
      nodes: nodes.map(({ target, failureSummary }) => ({ target, failureSummary })),
    }));
  });
  return violations;
}

function describeViolations(where: string, violations: Violation[]): string {
  return violations
    .map((violation) => {
      const nodes = violation.nodes
        .map(
          (node) =>
            `    - ${JSON.stringify(node.target)}\n      ${(node.failureSummary ?? "").replace(/\n/g, "\n      ")}`,
        )
        .join("\n");
      return `${where}: [${violation.impact}] ${violation.id}: ${violation.help} (${violation.helpUrl})\n${nodes}`;
    })
    .join("\n");
}

/** The focused element's description and whether it shows a focus indicator and is on screen. */
async function focused(page: Page) {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return null;
    // The theme switcher's radios are transparent; the option next to the focused one shows focus.
    const shown =
      element instanceof HTMLInputElement && getComputedStyle(element).opacity === "0"
        ? ((element.nextElementSibling as HTMLElement | null) ?? element)
        : element;
    const style = getComputedStyle(shown);
    const box = shown.getBoundingClientRect();
    return {
      tag: element.tagName.toLowerCase(),
      className: element.className,
      text: (element.textContent ?? "").trim(),
      href: element.getAttribute("href"),
      indicator:
        (style.outlineStyle !== "none" && Number.parseFloat(style.outlineWidth) > 0) ||
        style.boxShadow !== "none",
      onScreen:
        box.width > 0 &&
        box.height > 0 &&
        box.top >= 0 &&
        box.left >= 0 &&
        box.bottom <= window.innerHeight &&
        box.right <= window.innerWidth,
    };
  });
}

describe("docs site in Chromium", () => {
  let outDir: string;
  let server: Server;
  let origin: string;
  let context: BrowserContext;
  let closeBrowser: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    // Fail fast, before building, when there is no browser to run.
    ({ context, close: closeBrowser } = await launchChromium());
    outDir = await mkdtemp(join(tmpdir(), "edgegate-docs-browser-"));
    await build({
      root,
      configFile: join(root, "vite.config.ts"),
      logLevel: "silent",
      build: { outDir, emptyOutDir: true },
    });
    server = staticServer(outDir);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await mkdir(screenshotDir, { recursive: true });
  }, 60_000); // building the site and starting Chromium take a while on a busy machine

  afterAll(async () => {
    await closeBrowser?.();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    if (outDir) await rm(outDir, { recursive: true, force: true });
  }, 30_000);

  async function open(theme: Theme, path: string, status = 200) {
    const page = await context.newPage();
    // The theme follows the system setting unless the reader picked one: emulate the system's.
    await page.emulateMedia({ colorScheme: theme });
    const problems = watchProblems(page);
    const response = await page.goto(origin + path, { waitUntil: "load" });
    expect(response?.status(), `${path}: HTTP status`).toBe(status);
    return { page, problems };
  }

  // Each case has its own tab, so the ten run side by side.
  describe.concurrent("every page in both themes", () => {
    const cases = THEMES.flatMap((theme) => PAGE_URLS.map((page) => ({ ...page, theme })));
    it.for(cases)("$id ($theme): loads cleanly, passes axe, screenshot", async (target, { expect }) => {
      const { id, url, title, status, theme } = target;
      const { page, problems } = await open(theme, url, status);
      try {
        expect(await page.locator("h1").textContent()).toBe(title);
        // The theme really applies: the page background follows the emulated system setting.
        const background = await page.evaluate(
          () => getComputedStyle(document.documentElement).backgroundColor,
        );
        expect(background).toBe(theme === "light" ? "rgb(255, 255, 255)" : "rgb(15, 17, 21)");
        // The script ran: the switcher is shown (it is hidden without JavaScript).
        expect(await page.locator(".theme-switcher").isVisible()).toBe(true);
        const violations = await axeViolations(page);
        if (violations.length > 0) console.error(describeViolations(`${id} (${theme})`, violations));
        await page.screenshot({ path: join(screenshotDir, `docs-${id}-${theme}.png`), fullPage: true });
        expect(violations.map((violation) => `${violation.impact} ${violation.id}`)).toEqual([]);
        expect(problems).toEqual([]);
      } finally {
        await page.close();
      }
    });
  });

  // Each test has its own tab; none changes stored settings, so they run side by side.
  describe.concurrent("what a reader notices", () => {
    it("scrolls to and highlights the RATE_LIMITED row for /errors#rate-limited", async () => {
      const { page, problems } = await open("light", "/errors#rate-limited");
      try {
        const row = page.locator("tr#rate-limited");
        expect(await row.textContent()).toContain("RATE_LIMITED");
        expect(await page.evaluate(() => document.querySelector(":target")?.id)).toBe("rate-limited");
        // In view and not hidden under the sticky header.
        const box = await row.boundingBox();
        const header = await page.locator(".site-header").boundingBox();
        expect(box).not.toBeNull();
        expect(header).not.toBeNull();
        expect(box?.y ?? -1).toBeGreaterThanOrEqual((header?.y ?? 0) + (header?.height ?? 0));
        expect((box?.y ?? 0) + (box?.height ?? 0)).toBeLessThanOrEqual(800);
        expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
        // The target row stands out from the others.
        const cellBackground = (selector: string) =>
          page.locator(selector).evaluate((cell) => getComputedStyle(cell).backgroundColor);
        expect(await cellBackground("tr#rate-limited > td:last-child")).not.toBe(
          await cellBackground("tr#not-found > td:last-child"),
        );
        // Clicking another code's link targets that row instead.
        await page.locator('tr#quota-exceeded a[href="#quota-exceeded"]').click();
        expect(await page.evaluate(() => document.querySelector(":target")?.id)).toBe("quota-exceeded");
        expect(problems).toEqual([]);
      } finally {
        await page.close();
      }
    });

    it.each(THEMES)(
      "Tab first focuses a visible skip link that moves focus to the content (%s)",
      async (theme) => {
        const { page, problems } = await open(theme, "/getting-started");
        try {
          await page.keyboard.press("Tab");
          const skip = await focused(page);
          expect(skip).toMatchObject({ className: "skip-link", text: "Skip to content", href: "#content" });
          expect(skip?.onScreen, "skip link is on screen when focused").toBe(true);
          expect(skip?.indicator, "skip link shows a focus indicator").toBe(true);
          await page.keyboard.press("Enter");
          expect(await page.evaluate(() => document.activeElement?.id)).toBe("content");
          // Next Tab lands inside the content, past the header and the navigation, with visible focus.
          await page.keyboard.press("Tab");
          const next = await focused(page);
          expect(
            await page.evaluate(() => document.querySelector("main")?.contains(document.activeElement)),
          ).toBe(true);
          expect(next?.indicator, `focus is visible on ${JSON.stringify(next)}`).toBe(true);
          expect(problems).toEqual([]);
        } finally {
          await page.close();
        }
      },
    );

    it("shows visible focus on every control reached by Tab", async () => {
      const { page, problems } = await open("dark", "/errors");
      try {
        const seen: string[] = [];
        for (let i = 0; i < 40; i++) {
          await page.keyboard.press("Tab");
          const current = await focused(page);
          if (!current) break;
          expect(current.indicator, `focus is visible on ${JSON.stringify(current)}`).toBe(true);
          seen.push(current.href ?? current.text);
        }
        expect(seen).toContain("/rate-limits");
        expect(problems).toEqual([]);
      } finally {
        await page.close();
      }
    });

    it("reaches the code blocks' copy buttons by keyboard, and they copy the code", async () => {
      const { page, problems } = await open("light", "/getting-started");
      try {
        const buttons = page.locator(".copy-button");
        expect(await buttons.count()).toBe(await page.locator(".prose pre").count());
        expect(await buttons.count()).toBeGreaterThan(0);
        let reached: Awaited<ReturnType<typeof focused>> = null;
        for (let i = 0; i < 60 && reached?.className !== "copy-button"; i++) {
          await page.keyboard.press("Tab");
          reached = await focused(page);
        }
        expect(reached?.className, "Tab reaches a copy button").toBe("copy-button");
        expect(reached?.indicator, "the copy button shows focus").toBe(true);
        const code = await page.evaluate(
          () => document.activeElement?.parentElement?.querySelector("pre code")?.textContent ?? "",
        );
        await page.keyboard.press("Enter");
        await page.locator(".copy-button:focus", { hasText: "Copied" }).waitFor({ timeout: 2_000 });
        await page.getByRole("status").filter({ hasText: "Code copied" }).waitFor({ timeout: 2_000 });
        expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code.replace(/\n$/, ""));
        expect(problems).toEqual([]);
      } finally {
        await page.close();
      }
    });

    it("searches guides and reference from the keyboard: / focuses, arrows pick, Enter opens", async () => {
      const { page, problems } = await open("light", "/errors");
      try {
        await page.keyboard.press("/");
        expect(await page.evaluate(() => document.activeElement?.id)).toBe("search-input");
        await page.keyboard.type("redis down");
        const results = page.locator("#search-results");
        await results.getByRole("link").first().waitFor();
        expect(await results.getByRole("link").first().getAttribute("href")).toBe("/runbooks");
        expect(await page.getByRole("status").filter({ hasText: "results" }).count()).toBe(1);
        // Reference operations are found by summary, by operationId and by path.
        await page.locator("#search-input").fill("rotateKey");
        await results.locator('a[href="/reference/admin/rotate-key"]').waitFor();
        await page.locator("#search-input").fill("rotate");
        await results.locator('a[href="/reference/admin/rotate-key"]').waitFor();
        await page.keyboard.press("ArrowDown");
        const first = await focused(page);
        expect(first?.tag).toBe("a");
        expect(first?.indicator, "a result shows focus").toBe(true);
        await page.keyboard.press("Escape");
        expect(await results.isHidden()).toBe(true);
        expect(await page.evaluate(() => document.activeElement?.id)).toBe("search-input");
        await page.locator("#search-input").fill("Redis is down");
        await results.getByRole("link").first().waitFor();
        await page.keyboard.press("Enter");
        await page.waitForURL(`${origin}/runbooks`);
        // "/" typed into a field is text, not a shortcut.
        await page.locator("#search-input").fill("");
        await page.locator("#search-input").focus();
        await page.keyboard.type("a/b");
        expect(await page.locator("#search-input").inputValue()).toBe("a/b");
        expect(problems).toEqual([]);
      } finally {
        await page.close();
      }
    });

    it("switches code sample languages with the arrow keys (tabs pattern)", async () => {
      const { page, problems } = await open("dark", "/reference/admin/create-key");
      try {
        const samples = page.locator("#samples ~ .samples").first();
        const curlTab = samples.getByRole("tab", { name: "curl" });
        await curlTab.focus();
        expect(await curlTab.getAttribute("aria-selected")).toBe("true");
        await page.keyboard.press("ArrowRight");
        const jsTab = samples.getByRole("tab", { name: "JavaScript" });
        expect(await jsTab.getAttribute("aria-selected")).toBe("true");
        expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("JavaScript");
        const panel = samples.getByRole("tabpanel");
        expect(await panel.count()).toBe(1);
        expect(await panel.textContent()).toContain('await fetch("https://console.example.com/api/keys"');
        await page.keyboard.press("ArrowRight");
        expect(await samples.getByRole("tabpanel").textContent()).toContain("urllib.request");
        await page.keyboard.press("ArrowRight");
        expect(await samples.getByRole("tabpanel").textContent()).toContain("curl -i -X POST");
        expect(problems).toEqual([]);
      } finally {
        await page.close();
      }
    });

    it("navigates between pages through the navigation and the 404 page's links", async () => {
      const { page, problems } = await open("dark", "/");
      try {
        const nav = page.getByRole("navigation", { name: "Documentation" });
        for (const target of PAGES.filter((candidate) => candidate.section && candidate.id !== "home")) {
          await nav.getByRole("link", { name: target.navLabel, exact: true }).click();
          await page.waitForURL(origin + target.path);
          expect(await page.locator("h1").textContent()).toBe(target.title);
          expect(
            await nav.getByRole("link", { name: target.navLabel, exact: true }).getAttribute("aria-current"),
          ).toBe("page");
        }
        await nav.getByRole("link", { name: "Overview", exact: true }).click();
        await page.waitForURL(`${origin}/`);
        expect(await page.locator("h1").textContent()).toBe("Edgegate documentation");
        // The brand link leads home too, and the 404 page's links lead back into the docs.
        await page.goto(`${origin}/errors`);
        await page.locator(".brand").click();
        await page.waitForURL(`${origin}/`);
        await page.goto(`${origin}/missing`);
        await page.locator(".prose").getByRole("link", { name: "Errors" }).click();
        await page.waitForURL(`${origin}/errors`);
        expect(await page.locator("h1").textContent()).toBe("Errors");
        // A link from the error table to another page, with a fragment.
        await page.locator('tr#burst-limited a[href="/rate-limits#burst-limit"]').click();
        await page.waitForURL(`${origin}/rate-limits#burst-limit`);
        expect(await page.locator("h1").textContent()).toBe("Rate limits");
        expect(await page.evaluate(() => document.querySelector(":target")?.id)).toBe("burst-limit");
        expect(problems).toEqual([]);
      } finally {
        await page.close();
      }
    });
  });

  // Alone: it changes the stored theme, which every tab of the browser shares.
  it("switches the theme with the switcher, by mouse and keyboard, and keeps it across a reload", async () => {
    const { page, problems } = await open("light", "/");
    const theme = () => page.evaluate(() => document.documentElement.dataset.theme ?? null);
    const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    try {
      expect(await theme()).toBeNull();
      await page.getByRole("radio", { name: "Dark" }).check();
      expect(await theme()).toBe("dark");
      expect(await background()).toBe("rgb(15, 17, 21)");
      await page.reload();
      expect(await theme()).toBe("dark");
      expect(await page.getByRole("radio", { name: "Dark" }).isChecked()).toBe(true);
      expect(await background()).toBe("rgb(15, 17, 21)");

      // Keyboard: focus the checked radio, arrow keys move the choice (Dark → System wraps around).
      await page.getByRole("radio", { name: "Dark" }).focus();
      await page.keyboard.press("ArrowLeft");
      expect(await theme()).toBe("light");
      expect(await background()).toBe("rgb(255, 255, 255)");
      const focus = await page.evaluate(() => {
        const label = document.activeElement?.nextElementSibling;
        return label ? getComputedStyle(label).outlineStyle : "none";
      });
      expect(focus, "the focused option shows an outline").not.toBe("none");
      await page.reload();
      expect(await theme()).toBe("light");

      await page.getByRole("radio", { name: "System" }).check();
      expect(await theme()).toBeNull();
      expect(await page.evaluate(() => localStorage.getItem("edgegate-theme"))).toBeNull();
      await page.reload();
      expect(await theme()).toBeNull();
      expect(await page.getByRole("radio", { name: "System" }).isChecked()).toBe(true);
      expect(problems).toEqual([]);
    } finally {
      await page.evaluate(() => localStorage.removeItem("edgegate-theme"));
      await page.close();
    }
  });
});
