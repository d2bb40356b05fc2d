// Billing with the keyboard alone, on the real `pnpm dev` stack with the local Stripe stand-in:
// a newcomer on Free sees the usage their traffic made, opens the daily table, upgrades through
// the stand-in's checkout page, comes back to the new plan, chooses to bill overage with a spend
// cap — and the gateway's next response already says so in its headers.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { newAccount, signUpThroughApi } from "./app.ts";
import { focusedElement, launchChromium, newContext, onPage, settled, watchErrors } from "./browser.ts";
import { callGateway, eventually } from "./gateway.ts";

const stack = inject("stack");
const MAX_TABS = 80;
type Focused = NonNullable<Awaited<ReturnType<typeof focusedElement>>>;

describe("billing, keyboard only", () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let secret: string;

  beforeAll(async () => {
    browser = await launchChromium();
    context = await newContext(browser, stack.spaUrl);
    await signUpThroughApi(context, stack.spaUrl, newAccount("billing"));
    const created = await context.request.post(`${stack.spaUrl}/api/keys`, {
      headers: { Origin: stack.spaUrl },
      data: { name: "Billing key", scopes: ["*"] },
    });
    expect(created.ok()).toBe(true);
    secret = ((await created.json()) as { key: string }).key;
    // Two billable requests (any upstream status) and one the gateway refuses (not billable).
    expect((await callGateway(stack.workerUrl, secret, "/v1/orders")).status).toBe(200);
    expect((await callGateway(stack.workerUrl, secret, "/v1/status/503")).status).toBe(503);
    expect((await callGateway(stack.workerUrl, `${secret.slice(0, -1)}x`)).status).toBe(401);
    await eventually(
      "both billable requests in the ledger",
      async () => {
        const response = await context.request.get(`${stack.spaUrl}/api/billing/usage`);
        const usage = (await response.json()) as { total: number };
        return usage.total === 2 ? usage : undefined;
      },
      30_000,
    );
    page = await context.newPage();
    errors = watchErrors(page);
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function moveFocusTo(matches: (focused: Focused) => boolean): Promise<Focused[]> {
    const path: Focused[] = [];
    for (let i = 0; i < MAX_TABS; i++) {
      await page.keyboard.press("Tab");
      const focused = await focusedElement(page);
      if (!focused) throw new Error(`focus left the page after ${path.map((f) => f.name).join(" → ")}`);
      path.push(focused);
      expect(focused.indicator, `visible focus on ${JSON.stringify(focused)}`).toBe(true);
      if (matches(focused)) return path;
    }
    throw new Error(`not reached in ${MAX_TABS} presses; focus went ${path.map((f) => f.name).join(" → ")}`);
  }
  const named = (name: string | RegExp) => (focused: Focused) =>
    typeof name === "string" ? focused.name === name : name.test(focused.name);

  it("shows Free with the ledger's usage, and the daily table opens from the keyboard", async () => {
    await onPage(page, "billing page", async () => {
      await page.goto("/billing");
      await page.getByRole("heading", { level: 1, name: "Billing" }).waitFor();
      await page.getByText("2 of 10,000 included requests").waitFor();
      await settled(page);
    });
    await moveFocusTo(named(/^Show as table/));
    await page.keyboard.press("Enter");
    const table = page.getByRole("table", { name: "Billable requests per day" });
    await table.waitFor();
    const total = await table.evaluate((element) =>
      [...element.querySelectorAll("tbody tr td:last-child")].reduce(
        (sum, cell) => sum + Number((cell.textContent ?? "0").replaceAll(/\D/g, "")),
        0,
      ),
    );
    expect(total).toBe(2);
    // Free cannot bill overage: that choice is disabled and says why.
    await expect(
      page.getByRole("radio", { name: "Keep serving and bill the overage" }).isDisabled(),
    ).resolves.toBe(true);
    await page.getByText("Not available on the FREE plan").waitFor();
    expect(errors).toEqual([]);
  });

  it("upgrades through the stand-in's checkout and comes back to the new plan", async () => {
    await moveFocusTo(named("Upgrade to Starter"));
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/checkout\//);
    await page.getByRole("heading", { name: "Subscribe" }).waitFor();
    await page.getByRole("button", { name: "Pay and subscribe" }).focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/billing\?checkout=success/);
    await page.getByText("Thanks: your upgrade is being confirmed").waitFor();
    // Stripe's webhook reaches the Worker; the page shows the plan once it has.
    await eventually(
      "the plan is Starter",
      async () => {
        await page.reload();
        await page.getByRole("heading", { level: 1, name: "Billing" }).waitFor();
        return (await page.getByRole("radio", { name: "Keep serving and bill the overage" }).isEnabled())
          ? true
          : undefined;
      },
      30_000,
      1_000,
    );
    await settled(page);
    const response = await callGateway(stack.workerUrl, secret);
    expect(response.headers.get("X-RateLimit-Limit")).toBe("600");
  });

  it("sets bill_overage with a spend cap; the gateway's next response carries it", async () => {
    await moveFocusTo(named("Stop at the quota"));
    // Arrow keys move within a native radio group.
    await page.keyboard.press("ArrowDown");
    expect((await focusedElement(page))?.name).toBe("Keep serving and bill the overage");
    await moveFocusTo(named(/^Spend cap/));
    await page.keyboard.type("5000");
    await moveFocusTo(named("Save overage policy"));
    await page.keyboard.press("Enter");
    await page.getByText("Overage policy saved").waitFor();
    const response = await callGateway(stack.workerUrl, secret);
    expect(response.status).toBe(200);
    expect(response.headers.get("X-Quota-Policy")).toBe("bill_overage");
    expect(response.headers.get("X-Quota-Spend-Cap")).toBe("5000");
    expect(errors).toEqual([]);
  });
});
