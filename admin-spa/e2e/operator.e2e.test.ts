// The operator console on the `pnpm dev` stack, by keyboard: the demo admin (an operator) opens
// Operator → Customers, finds the busiest customer (sorted by requests this month), raises its
// limits and sees the new X-RateLimit-Limit on the gateway, suspends another organization whose
// key then gets ORGANIZATION_SUSPENDED, and reads both actions in the platform audit log. A
// developer of a customer organization gets 404 from the operator API and sees no Operator nav.
import { createRequire } from "node:module";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { newAccount, signInThroughApi, signUpThroughApi } from "./app.ts";
import { launchChromium, named, newContext, onPage, settled, tabTo, watchErrors } from "./browser.ts";
import { callGateway, eventually } from "./gateway.ts";
import { E2E_DATABASE } from "./stack.ts";

const stack = inject("stack");

// pg is the dev package's dependency (see stack.ts).
const requireFromDev = createRequire(join(import.meta.dirname, "..", "..", "dev", "package.json"));
const pg = requireFromDev("pg") as {
  Client: new (options: {
    connectionString: string;
  }) => {
    connect(): Promise<void>;
    query(sql: string, values?: unknown[]): Promise<unknown>;
    end(): Promise<void>;
  };
};

/** Until `pnpm dev` makes the demo admin an operator itself: the grant another operator would make. */
async function grantOperator(email: string): Promise<void> {
  const client = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:5432/${E2E_DATABASE}` });
  await client.connect();
  try {
    await client.query(
      `insert into platform_operators (id, user_id, granted_by)
       select gen_random_uuid(), id, 'e2e' from users where email = $1
       on conflict do nothing`,
      [email],
    );
  } finally {
    await client.end();
  }
}

describe("the operator console", () => {
  let browser: Browser;
  let operator: BrowserContext;
  let other: BrowserContext;
  let page: Page;
  let errors: string[];
  const otherAccount = newAccount("suspended");
  let otherKey = "";

  async function api(as: BrowserContext, method: string, path: string, body?: unknown) {
    const response = await as.request.fetch(`${stack.spaUrl}/api${path}`, {
      method,
      headers: { Origin: stack.spaUrl },
      ...(body === undefined ? {} : { data: body }),
    });
    return response;
  }

  beforeAll(async () => {
    browser = await launchChromium();
    await grantOperator(stack.demo.email);
    operator = await newContext(browser, stack.spaUrl);
    await signInThroughApi(operator, stack.spaUrl, stack.demo);
    other = await newContext(browser, stack.spaUrl);
    await signUpThroughApi(other, stack.spaUrl, otherAccount);
    const created = await api(other, "POST", "/keys", { name: "to be suspended", scopes: ["*"] });
    expect(created.status()).toBe(201);
    otherKey = ((await created.json()) as { key: string }).key;
    expect((await callGateway(stack.workerUrl, otherKey)).status).toBe(200);
    // "This month" starts on the 1st: in a month's first minutes the seeded week has not reached it
    // yet. A few requests of the demo key make the demo organization the busiest on any day (the
    // seed gives it ~4× the demo customers' traffic in any window).
    for (let i = 0; i < 30; i++)
      expect((await callGateway(stack.workerUrl, stack.demo.apiKey)).status).toBe(200);
    page = await operator.newPage();
    errors = watchErrors(page);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it("finds the busiest customer and raises its limits; the gateway shows them", async () => {
    await onPage(page, "overview", async () => {
      await page.goto("/");
      await page.getByRole("navigation", { name: "Operator" }).waitFor();
      await settled(page);
    });
    await tabTo(page, named("Customers", /^a$/));
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: "Customers" }).waitFor();
    // Sorted by requests this month, most first (the default, and what the header says).
    const header = page.getByRole("columnheader", { name: /Requests this month/ });
    await header.waitFor();
    expect(await header.getAttribute("aria-sort")).toBe("descending");
    const firstRow = page.getByRole("row").nth(1);
    const busiest = (await firstRow.getByRole("link").first().textContent()) ?? "";
    // Its limits are then read back through the demo key, so the busiest must be the demo organization.
    expect(busiest).toBe("Demo Organization");
    await tabTo(page, named(busiest, /^a$/));
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: busiest }).waitFor();
    await settled(page);
    await tabTo(page, named("Change plan or limits", /^button$/));
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: `Plan and limits of ${busiest}` });
    await dialog.waitFor();
    await tabTo(page, named("Custom limits (enterprise deal)", /^input$/), { inDialog: true });
    await page.keyboard.press("Space");
    await tabTo(page, named("Requests per minute", /^input$/), { inDialog: true });
    await page.keyboard.press("Control+A");
    await page.keyboard.type("4321");
    await page.keyboard.press("Enter");
    await dialog.waitFor({ state: "hidden" });
    await eventually(
      "the raised limit at the gateway",
      async () => {
        const response = await callGateway(stack.workerUrl, stack.demo.apiKey);
        return response.headers.get("x-ratelimit-limit") === "4321" ? true : undefined;
      },
      2_000,
    );
  }, 120_000);

  it("suspends another organization: its key is refused with ORGANIZATION_SUSPENDED", async () => {
    await page.goto(`/operator?q=${encodeURIComponent(otherAccount.email)}`);
    await page.getByRole("link", { name: otherAccount.organization }).waitFor();
    await settled(page);
    await tabTo(page, named(otherAccount.organization, /^a$/));
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: otherAccount.organization }).waitFor();
    await settled(page);
    await tabTo(page, named("Suspend", /^button$/));
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: `Suspend ${otherAccount.organization}?` });
    await dialog.waitFor();
    await page.keyboard.type("Unpaid invoices (e2e)");
    await tabTo(page, named("Suspend organization", /^button$/), { inDialog: true });
    await page.keyboard.press("Enter");
    await dialog.waitFor({ state: "hidden" });
    await page.getByText("Unpaid invoices (e2e)").first().waitFor();
    const refused = await eventually(
      "the suspended key's refusal",
      async () => {
        const response = await callGateway(stack.workerUrl, otherKey);
        return response.status === 403 ? response : undefined;
      },
      2_000,
    );
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("ORGANIZATION_SUSPENDED");
  }, 120_000);

  it("shows both actions in the platform audit log", async () => {
    // Back from the Suspend button (where the closed dialog left focus) to the sidebar.
    await tabTo(page, named("Platform audit log", /^a$/), { key: "Shift+Tab" });
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: "Platform audit log" }).waitFor();
    await page.getByRole("row").filter({ hasText: "organization.suspend" }).first().waitFor();
    await page.getByRole("row").filter({ hasText: "organization.limits_update" }).first().waitFor();
    expect(errors).toEqual([]);
  }, 60_000);

  it("a developer of a customer organization gets 404 and no Operator nav", async () => {
    const developer = newAccount("developer");
    const context = await newContext(browser, stack.spaUrl);
    await signUpThroughApi(context, stack.spaUrl, developer, { organization: false });
    const invitation = (await (
      await api(other, "POST", "/auth/organization/invite-member", {
        email: developer.email,
        role: "developer",
      })
    ).json()) as { id: string; organizationId: string };
    expect(
      (
        await api(context, "POST", "/auth/organization/accept-invitation", { invitationId: invitation.id })
      ).status(),
    ).toBe(200);
    await api(context, "POST", "/auth/organization/set-active", {
      organizationId: invitation.organizationId,
    });
    for (const path of ["/operator/organizations", "/operator/audit-logs"]) {
      expect((await api(context, "GET", path)).status(), path).toBe(404);
    }
    const developerPage = await context.newPage();
    await developerPage.goto("/");
    await developerPage.getByRole("navigation", { name: "Main" }).waitFor();
    expect(await developerPage.getByRole("navigation", { name: "Operator" }).count()).toBe(0);
    await developerPage.goto("/operator");
    await developerPage
      .getByText(/not found/i)
      .first()
      .waitFor();
  }, 120_000);
});
