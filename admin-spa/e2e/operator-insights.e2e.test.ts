// The operator console's platform views on the seeded `pnpm dev` stack, as the demo admin (its
// operator): platform analytics lists the demo customers with the demo organization busiest,
// the time range lives in the URL and is changed with the keyboard alone, a shared link opens
// the same view; revenue shows MRR and the past-due demo customer. A customer's owner reaches
// none of it (the not-found page).
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { newAccount, signInThroughApi, signUpThroughApi } from "./app.ts";
import { launchChromium, named, newContext, onPage, settled, tabTo, watchErrors } from "./browser.ts";

const stack = inject("stack");

describe("operator insights", () => {
  let browser: Browser;
  let operator: BrowserContext;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    browser = await launchChromium();
    operator = await newContext(browser, stack.spaUrl);
    await signInThroughApi(operator, stack.spaUrl, stack.demo);
    page = await operator.newPage();
    errors = watchErrors(page);
  });

  afterAll(async () => {
    await browser?.close();
  });

  const organizationsTable = () =>
    page.getByRole("table", { name: /Organizations by requests/ }).getByRole("rowheader");

  it("lists every organization by traffic, the demo organization busiest", async () => {
    await onPage(page, "platform analytics", async () => {
      await page.goto("/operator/insights?range=7d");
      await page.getByRole("heading", { level: 1, name: "Platform analytics" }).waitFor();
      await page.getByRole("figure", { name: "Organizations by requests" }).waitFor();
      await settled(page);
      // The chart's table alternative, opened from the keyboard.
      await page.locator("body").focus();
      await tabTo(page, named(/^Show as table: Organizations by requests/, /^summary$/));
      await page.keyboard.press("Enter");
      await organizationsTable().first().waitFor();
    });
    const names = await organizationsTable().allInnerTexts();
    expect(names[0]).toBe("Demo Organization");
    expect(names).toEqual(
      expect.arrayContaining(["Acme Robotics", "Globex Travel", "Umbrella Health", "Initech"]),
    );
    await page.getByRole("heading", { name: "Webhook delivery health" }).waitFor();
    await page.getByRole("heading", { name: "Dead letters and outbox" }).waitFor();
    expect(errors).toEqual([]);
  });

  it("changes the range with the keyboard alone, into the URL, and a shared link opens the same view", async () => {
    await page.goto("/operator/insights?range=7d");
    await page.getByRole("heading", { level: 1, name: "Platform analytics" }).waitFor();
    await page.locator("body").focus();
    await tabTo(page, named("Time range", /^select$/));
    await page.keyboard.press("ArrowDown"); // 7 days → 30 days
    await page.waitForURL(/range=30d/);
    await page.getByRole("figure", { name: "Organizations by requests" }).waitFor();
    const shared = await operator.newPage();
    await shared.goto(page.url());
    await shared.getByRole("heading", { level: 1, name: "Platform analytics" }).waitFor();
    expect(await shared.getByRole("combobox", { name: "Time range" }).inputValue()).toBe("30d");
    // A hand-edited link with a bad range shows the default view instead of an error.
    await shared.goto("/operator/insights?range=forever&granularity=fortnight");
    await shared.getByRole("heading", { level: 1, name: "Platform analytics" }).waitFor();
    expect(await shared.getByRole("combobox", { name: "Time range" }).inputValue()).toBe("24h");
    await shared.close();
  });

  it("shows revenue: MRR by plan and the past-due customer", async () => {
    await onPage(page, "revenue", async () => {
      await page.goto("/operator/revenue");
      await page.getByRole("heading", { level: 1, name: "Revenue" }).waitFor();
      await page.getByRole("heading", { name: /Past-due organizations/ }).waitFor();
    });
    await expect
      .poll(() => page.getByRole("table", { name: "Past-due organizations" }).textContent())
      .toContain("Globex Travel");
    const mrr = await page.getByRole("heading", { name: /Monthly recurring revenue/ }).textContent();
    // Acme (Starter, $29) and Globex (Pro, $199, past due) at the stand-in's prices, at least.
    expect(mrr).toMatch(/\$\d/);
  });

  it("is not there for a customer's owner", async () => {
    const customer = await newContext(browser, stack.spaUrl);
    await signUpThroughApi(customer, stack.spaUrl, newAccount("not-operator"));
    const other = await customer.newPage();
    await other.goto("/operator/revenue");
    await other.getByRole("heading", { level: 1, name: /not found/i }).waitFor();
    expect(await other.getByText("Monthly recurring revenue").count()).toBe(0);
    await customer.close();
  });
});
