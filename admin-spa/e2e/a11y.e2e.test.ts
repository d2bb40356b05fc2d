// Every page of the admin SPA in light and dark theme: axe-core finds no serious or critical
// violation, and a screenshot is saved at desktop and phone width
// (test-results/screenshots/<page>-<theme>-<viewport>.png).
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type Account, newAccount, signInThroughApi, signUpThroughApi } from "./app.ts";
import {
  describePage,
  describeViolations,
  launchChromium,
  newContext,
  onPage,
  screenshot,
  seriousAxeViolations,
  THEMES,
  type Theme,
  VIEWPORTS,
  watchErrors,
} from "./browser.ts";

const stack = inject("stack");

type Who = "signed-out" | "owner" | "invitee";

interface PageCase {
  name: string;
  who: Who;
  path: () => string;
  /** Waits until the page shows its content (not a skeleton); may open a dialog or drawer. */
  ready: (page: Page) => Promise<void>;
}

const heading = (name: string | RegExp) => async (page: Page) => {
  await page.getByRole("heading", { level: 1, name }).waitFor();
};

/** Filled in by beforeAll: ids the pages need. */
const data = { invitationId: "" };

const PAGES: PageCase[] = [
  { name: "sign-in", who: "signed-out", path: () => "/sign-in", ready: heading("Sign in") },
  { name: "sign-up", who: "signed-out", path: () => "/sign-up", ready: heading("Create your account") },
  {
    name: "invitation",
    who: "invitee",
    path: () => `/invitations/${data.invitationId}`,
    // The page's first heading: "Join <organization>", or the error card's "Invitation".
    ready: async (page) => {
      const title = await page.getByRole("heading", { level: 1 }).textContent();
      expect(title, await describePage(page)).toMatch(/^Join E2E a11y-owner org /);
    },
  },
  {
    name: "overview",
    who: "owner",
    path: () => "/",
    ready: async (page) => {
      await heading("Overview")(page);
    },
  },
];

/** Whether the page's background (on <html>, from the shared theme tokens) is dark: the theme really applies, not only the media query. */
async function backgroundIsDark(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const [r = 0, g = 0, b = 0] = (
      getComputedStyle(document.documentElement).backgroundColor.match(/\d+(\.\d+)?/g) ?? []
    ).map(Number);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 128;
  });
}

describe("axe and screenshots on every page", () => {
  let browser: Browser;
  const owner: Account = newAccount("a11y-owner");
  const invitee: Account = newAccount("a11y-invitee");

  beforeAll(async () => {
    browser = await launchChromium();
    // An owner who invites someone; the invitee has an account and opens the invitation.
    const setup = await newContext(browser, stack.spaUrl);
    await signUpThroughApi(setup, stack.spaUrl, owner);
    const invitation = await setup.request.post(`${stack.spaUrl}/api/auth/organization/invite-member`, {
      data: { email: invitee.email, role: "developer" },
      headers: { Origin: stack.spaUrl },
    });
    expect(invitation.status(), await invitation.text()).toBe(200);
    data.invitationId = ((await invitation.json()) as { id: string }).id;
    await setup.close();
    const inviteeSetup = await newContext(browser, stack.spaUrl);
    await signUpThroughApi(inviteeSetup, stack.spaUrl, invitee, { organization: false });
    await inviteeSetup.close();
  });

  afterAll(async () => {
    await browser?.close();
  });

  describe.each(THEMES)("%s theme", (theme: Theme) => {
    const contexts = new Map<Who, BrowserContext>();
    const pages = new Map<Who, Page>();
    const errors = new Map<Who, string[]>();

    beforeAll(async () => {
      for (const who of ["signed-out", "owner", "invitee"] as const) {
        const context = await newContext(browser, stack.spaUrl, { theme });
        if (who === "owner") await signInThroughApi(context, stack.spaUrl, owner);
        if (who === "invitee") await signInThroughApi(context, stack.spaUrl, invitee);
        const page = await context.newPage();
        contexts.set(who, context);
        pages.set(who, page);
        errors.set(who, watchErrors(page));
      }
    });

    afterAll(async () => {
      for (const context of contexts.values()) await context.close();
    });

    it.for(PAGES)("$name", async ({ name, who, path, ready }) => {
      const page = pages.get(who) as Page;
      await page.setViewportSize(VIEWPORTS.desktop);
      await onPage(page, `${name} (${theme})`, async () => {
        await page.goto(path());
        await ready(page);
      });
      expect(await backgroundIsDark(page), "the page follows the theme").toBe(theme === "dark");
      const violations = await seriousAxeViolations(page);
      await screenshot(page, name, theme, "desktop");
      await page.setViewportSize(VIEWPORTS.phone);
      await screenshot(page, name, theme, "phone");
      expect(violations, `${name} (${theme}):\n${describeViolations(violations)}`).toEqual([]);
      expect(errors.get(who)).toEqual([]);
    });
  });
});
