// Debian's Chromium driven by playwright-core, axe-core, and the checks every e2e test shares.
// Same launch flags and axe usage as the docs site's browser tests (docs-site/test/browser.test.ts).
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import axe from "axe-core";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

const CHROMIUM = "/usr/bin/chromium";
export const SCREENSHOT_DIR = join(import.meta.dirname, "..", "test-results", "screenshots");
export const FAILURES_DIR = join(import.meta.dirname, "..", "test-results", "failures");

/** Browsers this test file launched and has not closed: what a failing test leaves behind. */
const openBrowsers = new Set<Browser>();
export const THEMES = ["light", "dark"] as const;
export type Theme = (typeof THEMES)[number];
export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 375, height: 740 },
} as const;
export type Viewport = keyof typeof VIEWPORTS;

/**
 * Chromium with a fresh profile (playwright's launch() makes a new temporary user-data-dir and
 * removes it on close); each test opens its own contexts, so cookies never leak between tests.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is missing: ${CHROMIUM} does not exist. The SPA end-to-end tests need Debian's Chromium; install it with apt-get install -y chromium`,
    );
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  openBrowsers.add(browser);
  browser.on("disconnected", () => openBrowsers.delete(browser));
  return browser;
}

/**
 * For a failed test: a full-page screenshot and a text file with the address and visible text of
 * every page still open, named after the test, under test-results/failures/.
 */
export async function captureOpenPages(testName: string): Promise<string[]> {
  const stem = testName.replace(/[^\w-]+/g, "_").slice(0, 100);
  const saved: string[] = [];
  await mkdir(FAILURES_DIR, { recursive: true });
  const pages = [...openBrowsers].flatMap((browser) =>
    browser.contexts().flatMap((context) => context.pages()),
  );
  for (const [index, page] of pages.entries()) {
    const base = join(FAILURES_DIR, `${stem}-${index + 1}`);
    await page.screenshot({ path: `${base}.png`, fullPage: true, timeout: 5_000 }).catch(() => {});
    const text = await page
      .locator("body")
      // biome-ignore lint/performance/useDomNodeTextContent: the text as the user saw it (layout applied)
      .innerText({ timeout: 2_000 })
      .catch((error: Error) => `(no text: ${error.message})`);
    await writeFile(`${base}.txt`, `${testName}\n${page.url()}\n\n${text}\n`);
    saved.push(`${base}.png`);
  }
  return saved;
}

/** A context at the SPA's origin: desktop size, no animations, clipboard readable (the key reveal). */
export async function newContext(
  browser: Browser,
  baseURL: string,
  options: { theme?: Theme; viewport?: Viewport } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL,
    viewport: VIEWPORTS[options.viewport ?? "desktop"],
    colorScheme: options.theme ?? "light",
    reducedMotion: "reduce",
    permissions: ["clipboard-read", "clipboard-write"],
  });
  // Bounded waits everywhere: a missing element fails the test with its locator named. Generous,
  // because Vite compiles modules on first request and the machine may be busy.
  context.setDefaultTimeout(30_000);
  context.setDefaultNavigationTimeout(60_000);
  return context;
}

/**
 * Uncaught exceptions and console errors a page produced. 401s are expected where a test ends a
 * session on purpose, so failed API responses are the tests' business, not this list's.
 */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`uncaught exception: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    if (/^Failed to load resource: the server responded with a status of \d+/.test(message.text())) return;
    errors.push(`console error: ${message.text()} (${message.location().url})`);
  });
  return errors;
}

interface Violation {
  id: string;
  impact?: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/** axe-core's serious and critical violations on the page as it is now. */
export async function seriousAxeViolations(page: Page): Promise<Violation[]> {
  await page.addScriptTag({ content: axe.source });
  const violations = await page.evaluate(async () => {
    const { axe: engine } = window as unknown as { axe: typeof import("axe-core") };
    const results = await engine.run(document, { resultTypes: ["violations"] });
    return results.violations.map(({ id, impact, help, nodes }) => ({
      id,
      impact,
      help,
      nodes: nodes.map(({ target, failureSummary }) => ({ target, failureSummary })),
    }));
  });
  return violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
}

/** One line per violation and node, to put in an assertion message. */
export function describeViolations(violations: Violation[]): string {
  return violations
    .flatMap((violation) =>
      violation.nodes.map(
        (node) =>
          `[${violation.impact}] ${violation.id} (${violation.help}) at ${JSON.stringify(node.target)}: ${(node.failureSummary ?? "").replace(/\s+/g, " ")}`,
      ),
    )
    .join("\n");
}

/** Saves a full-page screenshot named by page, theme and viewport. */
export async function screenshot(page: Page, name: string, theme: Theme, viewport: Viewport): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${theme}-${viewport}.png`), fullPage: true });
}

/** The focused element, its accessible-ish name, and whether it shows a focus indicator. */
export async function focusedElement(page: Page) {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    // Focus on <body> (or in the browser's own UI) means no page element is focused.
    if (!element || element === document.body) return null;
    const box = element.getBoundingClientRect();
    // Visually hidden radios (the theme switcher) show their focus on the label next to them.
    const shown =
      element instanceof HTMLInputElement &&
      (getComputedStyle(element).opacity === "0" || box.width <= 1 || box.height <= 1)
        ? ((element.nextElementSibling as HTMLElement | null) ?? element)
        : element;
    const style = getComputedStyle(shown);
    const shownBox = shown.getBoundingClientRect();
    // The accessible name as a screen reader gets it, near enough: aria-label, aria-labelledby,
    // <label for>, else the content, skipping aria-hidden parts (the "*" of required fields).
    const text = (node: Element | null | undefined): string | null => {
      if (!node) return null;
      const copy = node.cloneNode(true) as Element;
      for (const hidden of copy.querySelectorAll("[aria-hidden=true]")) hidden.remove();
      return copy.textContent;
    };
    const labelledBy = element.getAttribute("aria-labelledby");
    const name =
      element.getAttribute("aria-label") ??
      (labelledBy ? text(document.getElementById(labelledBy)) : null) ??
      (element.id ? text(document.querySelector(`label[for="${CSS.escape(element.id)}"]`)) : null) ??
      text(element) ??
      "";
    // A date/time input that is the active element without matching :focus has its focus on its
    // calendar button, inside Chromium's own shadow tree: Chromium draws the ring there (the page
    // can neither style nor read it; checked by eye in a screenshot).
    const onCalendarButton =
      element instanceof HTMLInputElement &&
      /^(date|datetime-local|time|month|week)$/.test(element.type) &&
      !element.matches(":focus");
    return {
      tag: element.tagName.toLowerCase(),
      type: element.getAttribute("type"),
      name: name.replace(/\s+/g, " ").trim().slice(0, 80),
      indicator:
        onCalendarButton ||
        (style.outlineStyle !== "none" && Number.parseFloat(style.outlineWidth) > 0) ||
        style.boxShadow !== "none",
      visible: shownBox.width > 0 && shownBox.height > 0,
      inDialog: Boolean(element.closest("dialog[open]")),
    };
  });
}

export type Focused = NonNullable<Awaited<ReturnType<typeof focusedElement>>>;

const MAX_TABS = 60;

/**
 * Presses `key` (Tab by default) until the focused element matches, checking at every stop that
 * focus is visible and on screen and (inside a dialog) that it never leaves the dialog. Returns
 * what was focused on the way. Fails, naming the path, when it is not reached in 60 presses.
 */
export async function tabTo(
  page: Page,
  matches: (focused: Focused) => boolean,
  options: { key?: "Tab" | "Shift+Tab"; inDialog?: boolean } = {},
): Promise<Focused[]> {
  const path: Focused[] = [];
  for (let i = 0; i < MAX_TABS; i++) {
    await page.keyboard.press(options.key ?? "Tab");
    const focused = await focusedElement(page);
    // Inside a modal dialog, focus may step out to the browser's own UI (null here) and back,
    // but never onto the page behind the dialog.
    if (!focused) {
      if (options.inDialog) continue;
      throw new Error(`focus left the page after ${path.map((f) => f.name).join(" → ")}`);
    }
    path.push(focused);
    if (!focused.indicator) throw new Error(`no visible focus on ${JSON.stringify(focused)}`);
    if (!focused.visible) throw new Error(`focused element is not on screen: ${JSON.stringify(focused)}`);
    if (options.inDialog && !focused.inDialog) {
      throw new Error(`focus left the dialog: ${JSON.stringify(focused)}`);
    }
    if (matches(focused)) return path;
  }
  throw new Error(`not reached in ${MAX_TABS} presses; focus went ${path.map((f) => f.name).join(" → ")}`);
}

/** Matches a focused control by its name (exact text or pattern) and tag. */
export const named =
  (name: string | RegExp, tag = /^(button|input|select|textarea|a|summary)$/) =>
  (focused: Focused) =>
    tag.test(focused.tag) && (typeof name === "string" ? focused.name === name : name.test(focused.name));

/** Where a page is and what it shows, for a failure message (a timeout alone says too little). */
export async function describePage(page: Page): Promise<string> {
  const text =
    (await page
      .locator("body")
      .textContent({ timeout: 2_000 })
      .catch((error: Error) => `(no text: ${error.message})`)) ?? "";
  return `at ${page.url()}, showing: ${text.replace(/\s+/g, " ").slice(0, 600)}`;
}

/** Runs `step`; if it fails, the error names the page's address and text, and a screenshot is kept. */
export async function onPage<T>(page: Page, what: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    const where = await describePage(page);
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    await page
      .screenshot({
        path: join(SCREENSHOT_DIR, `FAILED-${what.replace(/[^\w-]+/g, "_")}.png`),
        fullPage: true,
      })
      .catch(() => {});
    throw new Error(`${what}: ${(error as Error).message.split("\n")[0]}\n  ${where}`, { cause: error });
  }
}

/**
 * Waits until nothing on the page is loading: no skeleton and no aria-busy region (the SPA's
 * loading states), so assertions and axe see the content, the empty state or the error.
 */
export async function settled(page: Page, timeout = 30_000): Promise<void> {
  await page.waitForFunction(
    () => document.querySelectorAll('[aria-busy="true"], .skeleton').length === 0,
    null,
    {
      timeout,
    },
  );
}
