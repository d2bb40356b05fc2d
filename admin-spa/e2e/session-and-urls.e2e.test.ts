// Two promises of issue #6's "behaviour users expect": a lost session sends the user to sign-in and
// back to the page they were on; filters live in the URL, so a shared link opens the same view,
// and a mangled link still opens the page (invalid values dropped, never a crash).
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type Account, newAccount, signInThroughApi, signInThroughUi, signUpThroughApi } from "./app.ts";
import { describePage, launchChromium, newContext, onPage, settled, watchErrors } from "./browser.ts";
import { callGateway, eventually } from "./gateway.ts";

const stack = inject("stack");

describe("session expiry and shareable URLs", () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  const account: Account = newAccount("session");

  beforeAll(async () => {
    browser = await launchChromium();
    context = await newContext(browser, stack.spaUrl);
    await signUpThroughApi(context, stack.spaUrl, account);
    page = await context.newPage();
    errors = watchErrors(page);
  });

  afterAll(async () => {
    await browser?.close();
  });

  const heading = (name: string) => page.getByRole("heading", { level: 1, name });

  describe("session expiry", () => {
    it("a session ended elsewhere sends the next navigation to sign-in, and signing in returns there", async () => {
      await onPage(page, "keys", async () => {
        await page.goto("/keys");
        await heading("API keys").waitFor();
      });
      // "Sign out everywhere" from another browser ends this browser's session too.
      const other = await newContext(browser, stack.spaUrl);
      await signInThroughApi(other, stack.spaUrl, account);
      const revoked = await other.request.post(`${stack.spaUrl}/api/auth/revoke-sessions`, {
        data: {},
        headers: { Origin: stack.spaUrl },
      });
      expect(revoked.status(), await revoked.text()).toBe(200);
      await other.close();

      await onPage(page, "after the session ended", async () => {
        await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Analytics" }).click();
        await page.waitForURL((url) => url.pathname === "/sign-in");
        expect(new URL(page.url()).searchParams.get("redirect")).toBe("/analytics");
        await signInThroughUi(page, account);
        await page.waitForURL((url) => url.pathname === "/analytics");
        await heading("Analytics").waitFor();
      });
      expect(errors).toEqual([]);
    });

    it("without a session cookie, a deep link with filters goes through sign-in and comes back intact", async () => {
      await context.clearCookies();
      const target = "/logs?status=4xx&method=GET";
      await onPage(page, "deep link", async () => {
        await page.goto(target);
        await page.waitForURL((url) => url.pathname === "/sign-in");
        const redirect = new URL(page.url()).searchParams.get("redirect") ?? "";
        expect(new URL(redirect, stack.spaUrl).pathname).toBe("/logs");
        await signInThroughUi(page, account);
        await page.waitForURL((url) => url.pathname === "/logs");
        await heading("Request log").waitFor();
      });
      const params = new URL(page.url()).searchParams;
      expect([params.get("status"), params.get("method")]).toEqual(["4xx", "GET"]);
      expect(errors).toEqual([]);
    });
  });

  describe("shareable URLs", () => {
    let keyId = "";

    beforeAll(async () => {
      // Two requests to filter between: a 404 under /v1/status and a 200 under /v1/orders. The log
      // shows paths with ids collapsed (README), so /v1/status/404 is listed as /v1/status/:id.
      const created = await context.request.post(`${stack.spaUrl}/api/keys`, {
        data: { name: "URL key", scopes: ["*"] },
        headers: { Origin: stack.spaUrl },
      });
      expect(created.status(), await created.text()).toBe(201);
      const { key, apiKey } = (await created.json()) as { key: string; apiKey: { id: string } };
      keyId = apiKey.id;
      expect((await callGateway(stack.workerUrl, key, "/v1/status/404")).status).toBe(404);
      expect((await callGateway(stack.workerUrl, key, "/v1/orders")).status).toBe(200);
      await eventually(
        "both requests in the log",
        async () => {
          const response = await context.request.get(`${stack.spaUrl}/api/logs`);
          const { data } = (await response.json()) as { data: unknown[] };
          return data.length >= 2 ? true : undefined;
        },
        30_000,
      );
    });

    const rows = () => page.getByRole("table").getByRole("row");

    it("opens /logs with the filters from the URL shown and applied", async () => {
      await onPage(page, "filtered log", async () => {
        await page.goto(`/logs?status=4xx&pathPrefix=${encodeURIComponent("/v1/status")}&keyId=${keyId}`);
        await heading("Request log").waitFor();
        await page.getByRole("cell", { name: "/v1/status/:id", exact: true }).waitFor();
      });
      const filters = page.getByRole("form", { name: "Request log filters" });
      expect(await filters.getByRole("combobox", { name: "Status" }).inputValue()).toBe("4xx");
      expect(await filters.getByRole("textbox", { name: "Path starts with" }).inputValue()).toBe(
        "/v1/status",
      );
      expect(await filters.getByRole("combobox", { name: "API key" }).inputValue()).toBe(keyId);
      expect(
        await page.getByRole("cell", { name: "/v1/orders", exact: true }).count(),
        "the 200 is filtered out",
      ).toBe(0);
      // One header row, one request.
      expect(await rows().count(), await describePage(page)).toBe(2);
      expect(errors).toEqual([]);
    });

    it("opens a shared link to one request with its detail drawer open", async () => {
      const requestId = await eventually("the 404's request id", async () => {
        const response = await context.request.get(`${stack.spaUrl}/api/logs?status=404`);
        return ((await response.json()) as { data: { id: string }[] }).data[0]?.id;
      });
      await onPage(page, "request detail link", async () => {
        await page.goto(`/logs?requestId=${requestId}`);
        const drawer = page.getByRole("dialog", { name: "Request details" });
        await drawer.getByText(requestId).first().waitFor();
        await drawer.getByText("/v1/status/:id").first().waitFor();
      });
      expect(errors).toEqual([]);
    });

    // Each mangled link opens its page; where a filter control shows the value, it shows the default.
    it.each([
      {
        url: "/logs?status=abc&method=%3Cscript%3E&from=yesterday&to=1e400&cursor=%25%25&requestId=nope&prev=x",
        title: "Request log",
        defaults: { Status: "", Method: "" },
      },
      {
        url: "/keys?status=bogus&sort=sideways&cursor=%7B%7D&q=",
        title: "API keys",
        defaults: { Status: "" },
      },
      {
        url: "/analytics?from=garbage&to=-1&keyId=%00&granularity=century",
        title: "Analytics",
        defaults: {},
      },
      { url: "/audit?action=%27%3B--&from=never&cursor=%5B%5D", title: "Audit log", defaults: {} },
    ])("survives invalid search params: $url", async ({ url, title, defaults }) => {
      await onPage(page, `invalid params ${url}`, async () => {
        await page.goto(url);
        await heading(title).waitFor();
      });
      // No error card and no crash: the invalid values were dropped, not sent to the API.
      await settled(page);
      expect(await page.getByRole("alert").count(), await describePage(page)).toBe(0);
      for (const [label, value] of Object.entries(defaults)) {
        expect(await page.getByRole("combobox", { name: label, exact: true }).inputValue(), label).toBe(
          value,
        );
      }
      expect(errors).toEqual([]);
    });

    // An address no route knows is answered at the router's root, outside the console's shell: it
    // gets the signed-out pages' card with a way back, not a bare heading.
    it("answers an unknown address with a styled page and a way back", async () => {
      await onPage(page, "not found", async () => {
        await page.goto("/no-such-page");
        await page.getByRole("heading", { level: 1, name: "Page not found" }).waitFor();
      });
      expect(await page.locator(".auth-card").count(), await describePage(page)).toBe(1);
      await page.getByRole("link", { name: "Go to the overview" }).click();
      await heading("Overview").waitFor();
      expect(errors).toEqual([]);
    });
  });
});
