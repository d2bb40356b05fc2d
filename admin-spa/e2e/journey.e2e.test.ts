// The main journey of issue #6, in one browser, as a new admin would do it: sign up → create an API
// key and copy it from the one-time reveal → call the gateway with it → see the request in the
// request log and in Analytics → rotate it with a grace period → revoke both keys → the gateway
// refuses them. Each step is a test; they run in order and share the state built so far.
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type Account, newAccount, signUpThroughUi } from "./app.ts";
import { launchChromium, newContext, onPage, watchErrors } from "./browser.ts";
import { callGateway, eventually } from "./gateway.ts";

const stack = inject("stack");
// README "Revocation bound": a revoked key is refused within 2 seconds (in practice the next request).
const REVOCATION_BOUND_MS = 2_000;
// Request events reach the log through the queue consumer's batches: seconds, not minutes.
const LOG_ARRIVAL_MS = 30_000;
const KEY_NAME = "Journey key";
const GATEWAY_PATH = "/v1/hello-from-e2e";

describe.sequential("an admin's first key, from sign-up to revocation", () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  const account: Account = newAccount("journey");
  const keys = { first: "", successor: "" };

  beforeAll(async () => {
    browser = await launchChromium();
    context = await newContext(browser, stack.spaUrl);
    page = await context.newPage();
    errors = watchErrors(page);
  });

  afterAll(async () => {
    await browser?.close();
  });

  const nav = (label: string) =>
    page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: label });

  /** The secret shown in a reveal dialog; the copy button puts exactly that on the clipboard. */
  async function readReveal(dialog: Locator): Promise<string> {
    const secret = await dialog.getByRole("textbox", { name: "API key" }).inputValue();
    expect(secret).toMatch(/^ak_[A-Za-z0-9]+$/);
    await expect.poll(() => dialog.getByText(/will not be shown again/).isVisible()).toBe(true);
    await dialog.getByRole("button", { name: "Copy key" }).click();
    await page.getByText("API key copied").waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await dialog.getByRole("button", { name: "I have stored the key" }).click();
    await dialog.waitFor({ state: "hidden" });
    return secret;
  }

  it("signs up through the UI with a first organization and lands on the overview", async () => {
    await onPage(page, "sign-up", async () => {
      await signUpThroughUi(page, account);
      await page.getByRole("heading", { level: 1, name: "Overview" }).waitFor();
    });
    // The shell shows who is signed in and in which organization.
    const organization = page.getByRole("combobox", { name: "Organization" });
    expect(await organization.locator("option:checked").textContent()).toBe(account.organization);
    expect(await page.getByRole("button", { name: /Account/ }).textContent()).toContain(account.email);
    expect(errors).toEqual([]);
  });

  it("creates a key in the create dialog and copies it from the one-time reveal", async () => {
    await onPage(page, "create key", async () => {
      await nav("API keys").click();
      await page.getByRole("heading", { level: 1, name: "API keys" }).waitFor();
      // With no keys yet the empty state offers the same button as the header.
      await page.getByRole("button", { name: "Create API key" }).first().click();
      const dialog = page.getByRole("dialog", { name: "Create API key" });
      await dialog.getByRole("textbox", { name: "Name" }).fill(KEY_NAME);
      await dialog.getByRole("button", { name: /Everything/ }).click();
      await dialog.getByRole("button", { name: "Create key" }).click();
      await dialog.waitFor({ state: "hidden" });
      keys.first = await readReveal(page.getByRole("dialog", { name: `Key created: ${KEY_NAME}` }));
      // The table lists it by name and display prefix, never the secret.
      const row = page
        .getByRole("row")
        .filter({ has: page.getByRole("link", { name: KEY_NAME, exact: true }) });
      await row.waitFor();
      expect(await row.textContent()).toContain(keys.first.slice(0, 8));
      expect(await page.locator("body").textContent()).not.toContain(keys.first);
    });
    expect(errors).toEqual([]);
  });

  it("the gateway accepts the key", async () => {
    const response = await callGateway(stack.workerUrl, keys.first, GATEWAY_PATH);
    expect(response.status, await response.clone().text()).toBe(200);
  });

  it("shows the request in the request log, with its details in the drawer", async () => {
    await onPage(page, "request log", async () => {
      await nav("Request log").click();
      await page.getByRole("heading", { level: 1, name: "Request log" }).waitFor();
      const cell = page.getByRole("cell", { name: GATEWAY_PATH, exact: true });
      // The consumer writes the log a moment after the request: reload until it is there.
      await eventually(
        "the request in the log",
        async () => {
          if (await cell.first().isVisible()) return true;
          await page.reload();
          await page.getByRole("heading", { level: 1, name: "Request log" }).waitFor();
          return (
            (await cell
              .first()
              .isVisible({ timeout: 5_000 })
              .catch(() => false)) || undefined
          );
        },
        LOG_ARRIVAL_MS,
      );
      const row = page.getByRole("row").filter({ has: cell });
      expect(await row.count()).toBe(1);
      expect(await row.getByText("200").count()).toBeGreaterThan(0);
      await row.getByRole("button", { name: new RegExp(`details of GET ${GATEWAY_PATH}`) }).click();
      const drawer = page.getByRole("dialog", { name: "Request details" });
      await drawer.getByText(GATEWAY_PATH).first().waitFor();
      expect(new URL(page.url()).searchParams.get("requestId")).toMatch(/^[0-9a-f-]{36}$/);
      await drawer.getByRole("button", { name: "Close" }).click();
      await drawer.waitFor({ state: "hidden" });
      expect(new URL(page.url()).searchParams.has("requestId")).toBe(false);
    });
    expect(errors).toEqual([]);
  });

  it("counts the request in Analytics", async () => {
    await onPage(page, "analytics", async () => {
      await nav("Analytics").click();
      await page.getByRole("heading", { level: 1, name: "Analytics" }).waitFor();
      const requests = page
        .getByRole("list", { name: "Key figures" })
        .getByRole("listitem")
        .filter({ hasText: "Requests" })
        .locator(".stat-value");
      const count = await eventually(
        "a request count of at least 1",
        async () => {
          const value = Number((await requests.textContent())?.replace(/[^\d]/g, ""));
          if (value >= 1) return value;
          await page.reload();
          return undefined;
        },
        LOG_ARRIVAL_MS,
      );
      expect(count).toBeGreaterThanOrEqual(1);
    });
    expect(errors).toEqual([]);
  });

  it("rotates the key with a one-hour grace period: old and new keys both work", async () => {
    await onPage(page, "rotate", async () => {
      await nav("API keys").click();
      // A row's actions sit behind its Actions toggle.
      await page.getByRole("button", { name: `Actions for ${KEY_NAME}`, exact: true }).click();
      await page.getByRole("button", { name: `Rotate ${KEY_NAME}` }).click();
      const dialog = page.getByRole("dialog", { name: `Rotate “${KEY_NAME}”` });
      await dialog
        .getByRole("combobox", { name: "Old key keeps working" })
        .selectOption({ label: "After 1 hour" });
      await dialog.getByRole("button", { name: "Rotate key" }).click();
      await dialog.waitFor({ state: "hidden" });
      keys.successor = await readReveal(page.getByRole("dialog", { name: `Key rotated: ${KEY_NAME}` }));
    });
    expect(keys.successor).not.toBe(keys.first);
    expect((await callGateway(stack.workerUrl, keys.successor, GATEWAY_PATH)).status).toBe(200);
    expect((await callGateway(stack.workerUrl, keys.first, GATEWAY_PATH)).status).toBe(200);
    // The old key is renamed and marked as rotating; the successor took the name.
    await page.getByRole("link", { name: new RegExp(`^${KEY_NAME} \\(rotated `) }).waitFor();
    expect(errors).toEqual([]);
  });

  it("revokes both keys behind a confirmation that names them; the gateway refuses each at once", async () => {
    const oldName =
      (await page.getByRole("link", { name: new RegExp(`^${KEY_NAME} \\(rotated `) }).textContent()) ?? "";
    for (const [name, secret] of [
      [oldName, keys.first],
      [KEY_NAME, keys.successor],
    ] as const) {
      await onPage(page, `revoke ${name}`, async () => {
        await page.getByRole("button", { name: `Actions for ${name}`, exact: true }).click();
        await page.getByRole("button", { name: `Revoke ${name}`, exact: true }).click();
        const dialog = page.getByRole("dialog", { name: `Revoke “${name}”?` });
        const confirm = dialog.getByRole("button", { name: "Revoke key" });
        expect(await confirm.isDisabled(), "the confirm button waits for the name").toBe(true);
        await dialog.getByRole("textbox", { name: /to confirm/ }).fill(name);
        await confirm.click();
        await page.getByText(`${name} revoked`).waitFor();
      });
      const status = await eventually(
        `the gateway refusing "${name}"`,
        async () => {
          const response = await callGateway(stack.workerUrl, secret, GATEWAY_PATH);
          return response.status === 401 ? response.status : undefined;
        },
        REVOCATION_BOUND_MS,
        100,
      );
      expect(status).toBe(401);
    }
    expect(errors).toEqual([]);
  });
});
