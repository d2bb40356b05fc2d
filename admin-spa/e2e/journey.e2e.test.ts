// The main journey of issue #6, in one browser, as a new admin would do it: sign up → create an API
// key and copy it from the one-time reveal → call the gateway with it → see the request in Logs and
// Analytics → rotate it with a grace period → revoke it → the gateway refuses it. Each step is a
// test; they run in order and share the state built so far.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type Account, newAccount, signUpThroughUi } from "./app.ts";
import { launchChromium, newContext, watchErrors } from "./browser.ts";

const stack = inject("stack");

describe.sequential("an admin's first key, from sign-up to revocation", () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  const account: Account = newAccount("journey");

  beforeAll(async () => {
    browser = await launchChromium();
    context = await newContext(browser, stack.spaUrl);
    page = await context.newPage();
    errors = watchErrors(page);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("signs up through the UI with a first organization and lands on the overview", async () => {
    await signUpThroughUi(page, account);
    await page.getByRole("heading", { level: 1, name: "Overview" }).waitFor();
    // The shell shows who is signed in and in which organization.
    expect(await page.getByRole("navigation", { name: "Main" }).isVisible()).toBe(true);
    const organization = page.getByRole("combobox", { name: "Organization" });
    expect(await organization.locator("option:checked").textContent()).toBe(account.organization);
    expect(await page.getByRole("button", { name: /Account/ }).textContent()).toContain(account.email);
    expect(errors).toEqual([]);
  });
});
