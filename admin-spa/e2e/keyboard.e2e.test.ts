// Creating an API key with the keyboard alone (Tab, Shift+Tab, Enter, Space, Escape and typing):
// every focused control shows a visible focus indicator, the dialogs keep focus inside while open,
// and closing a dialog gives focus back to the button that opened it. Then the creation's entry
// in the audit log, opened by keyboard: its change disclosure shows the focus ring whole.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { newAccount, signUpThroughApi } from "./app.ts";
import {
  type Focused,
  focusedElement,
  launchChromium,
  named,
  newContext,
  onPage,
  settled,
  tabTo,
  watchErrors,
} from "./browser.ts";
import { callGateway } from "./gateway.ts";

const stack = inject("stack");

describe("keyboard-only key creation", () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    browser = await launchChromium();
    context = await newContext(browser, stack.spaUrl);
    await signUpThroughApi(context, stack.spaUrl, newAccount("keyboard"));
    page = await context.newPage();
    errors = watchErrors(page);
  });

  afterAll(async () => {
    await browser?.close();
  });

  const moveFocusTo = (
    matches: (focused: Focused) => boolean,
    options: { key?: "Tab" | "Shift+Tab"; inDialog?: boolean } = {},
  ) => tabTo(page, matches, options);

  const opener = named("Create API key", /^button$/);

  it("opens the create dialog from the keyboard; Escape closes it and focus returns to the opener", async () => {
    await onPage(page, "keys page", async () => {
      await page.goto("/keys");
      // The route's loading state already shows the heading, but not the button: tabbing before
      // the list has loaded would (rightly) pass where the button will be.
      // (With no keys yet, the empty state offers the same button a second time.)
      await page.getByRole("button", { name: "Create API key" }).first().waitFor();
      await settled(page);
    });
    await moveFocusTo(opener);
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "Create API key" });
    await dialog.waitFor();
    expect((await focusedElement(page))?.inDialog, "focus moves into the dialog").toBe(true);
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    expect(opener((await focusedElement(page)) as Focused), "focus is back on the opener").toBe(true);
    expect(errors).toEqual([]);
  });

  it("traps focus in the dialog both ways, through a full cycle of its controls", async () => {
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "Create API key" });
    await dialog.waitFor();
    const start = await focusedElement(page);
    expect(start?.inDialog).toBe(true);
    // Forward all the way round to where we started, then backwards the same way.
    const forward = await moveFocusTo((f) => f.name === start?.name && f.tag === start?.tag, {
      inDialog: true,
    });
    expect(forward.length, "the dialog has several controls").toBeGreaterThan(5);
    const backward = await moveFocusTo((f) => f.name === start?.name && f.tag === start?.tag, {
      key: "Shift+Tab",
      inDialog: true,
    });
    expect(
      backward
        .map((f) => f.name)
        .reverse()
        .slice(1),
    ).toEqual(forward.map((f) => f.name).slice(0, -1));
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
  });

  it("creates a key with Tab, typing, Space and Enter, copies it, and focus returns to the opener", async () => {
    expect(opener((await focusedElement(page)) as Focused)).toBe(true);
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "Create API key" });
    await dialog.waitFor();
    await moveFocusTo(named("Name"), { inDialog: true });
    await page.keyboard.type("Keyboard key");
    await moveFocusTo(named(/Everything/), { inDialog: true });
    await page.keyboard.press("Space");
    await dialog.getByRole("listitem").filter({ hasText: "*" }).waitFor();
    await moveFocusTo(named("Create key"), { inDialog: true });
    await page.keyboard.press("Enter");
    await dialog.waitFor({ state: "hidden" });

    const reveal = page.getByRole("dialog", { name: "Key created: Keyboard key" });
    await reveal.waitFor();
    await moveFocusTo(named("Copy key"), { inDialog: true });
    await page.keyboard.press("Enter");
    await page.getByText("API key copied").waitFor();
    const secret = await page.evaluate(() => navigator.clipboard.readText());
    expect(secret).toBe(await reveal.getByRole("textbox", { name: "API key" }).inputValue());
    await moveFocusTo(named("I have stored the key"), { inDialog: true });
    await page.keyboard.press("Enter");
    await reveal.waitFor({ state: "hidden" });
    expect((await focusedElement(page))?.name, "focus is back on the button that started it").toBe(
      "Create API key",
    );

    expect((await callGateway(stack.workerUrl, secret)).status).toBe(200);
    expect(errors).toEqual([]);
  });

  it("opens the key's audit entry by keyboard: the change disclosure's focus ring is drawn whole", async () => {
    await onPage(page, "audit log", async () => {
      await page.goto("/audit");
      await page.getByRole("heading", { level: 1, name: "Audit log" }).waitFor();
      await settled(page);
    });
    // tabTo checks a visible indicator at every stop on the way, this one included.
    await moveFocusTo(named("Created", /^summary$/));
    // The ring (outline + offset) lies inside the cell and the table's scroll box: nothing clips it.
    const ring = await page.evaluate(() => {
      const summary = document.activeElement as HTMLElement;
      const style = getComputedStyle(summary);
      const reach = Number.parseFloat(style.outlineWidth) + Number.parseFloat(style.outlineOffset);
      const box = summary.getBoundingClientRect();
      const range = document.createRange();
      range.selectNodeContents(summary);
      const text = range.getBoundingClientRect();
      const within = (outer: DOMRect) =>
        box.left - reach >= outer.left &&
        box.right + reach <= outer.right &&
        box.top - reach >= outer.top &&
        box.bottom + reach <= outer.bottom;
      const cell = summary.closest("td")?.getBoundingClientRect();
      const scroller = summary.closest(".table-scroll")?.getBoundingClientRect();
      return {
        drawn: style.outlineStyle !== "none" && reach > 0,
        inCell: cell ? within(cell) : false,
        inScrollBox: scroller ? within(scroller) : false,
        // Like the other link-buttons, the ring hugs its text (and the disclosure marker, about
        // one em), not the whole column.
        hugsText: box.width <= text.width + 2 * Number.parseFloat(style.fontSize),
      };
    });
    expect(ring).toEqual({ drawn: true, inCell: true, inScrollBox: true, hugsText: true });
    await page.keyboard.press("Enter");
    await page.getByRole("table", { name: /Changes made by api_key\.create/ }).waitFor();
    expect(errors).toEqual([]);
  });
});
