// The Webhooks page against the whole `pnpm dev` stack and its local receiver (which verifies each
// delivery's signature with the `standardwebhooks` package): an endpoint added, tested, inspected
// and replayed with the keyboard alone; a URL the SSRF guard refuses, with the API's message under
// the URL field; the signing secret revealed (audited) and rotated (both secrets sign for 24 h);
// disable and one-click re-enable; and a viewer, who sees everything and can change nothing.
import { randomUUID } from "node:crypto";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type Account, newAccount, signUpThroughApi } from "./app.ts";
import {
  focusedElement,
  launchChromium,
  named,
  newContext,
  onPage,
  settled,
  tabTo,
  watchErrors,
} from "./browser.ts";
import { eventually } from "./gateway.ts";

const stack = inject("stack");
// Deliveries go through the queue to the local receiver: about a second, slower on a busy machine.
const DELIVERY_MS = 30_000;

interface Received {
  headers: Record<string, string>;
  body: string;
  answered: number;
  verified: boolean | null;
}

/** The receiver's hook for this run (`POST /hooks/<name>`), and what it has received. */
function receiverHook(label: string) {
  const name = `e2e-${label}-${randomUUID().slice(0, 8)}`;
  return {
    url: `${stack.webhookReceiverUrl}/hooks/${name}`,
    /** From now on the receiver verifies each delivery with this secret. */
    async verifyWith(secret: string) {
      const response = await fetch(`${stack.webhookReceiverUrl}/control/${name}`, {
        method: "PUT",
        body: JSON.stringify({ secret }),
      });
      expect(response.status).toBe(200);
    },
    async received(): Promise<Received[]> {
      return (await fetch(`${stack.webhookReceiverUrl}/received/${name}`)).json() as Promise<Received[]>;
    },
  };
}

describe.sequential("the Webhooks page", () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  const owner: Account = newAccount("webhooks");
  const hook = receiverHook("keyboard");
  const state = { secret: "", endpointId: "" };

  async function api(method: "GET" | "POST", path: string, body?: unknown, as = context) {
    const response = await as.request.fetch(`${stack.spaUrl}/api${path}`, {
      method,
      headers: { Origin: stack.spaUrl },
      ...(body === undefined ? {} : { data: body }),
    });
    expect(response.ok(), `${method} /api${path}: ${await response.text()}`).toBe(true);
    return response.json() as Promise<Record<string, unknown>>;
  }

  const card = () => page.getByRole("article", { name: hook.url });

  beforeAll(async () => {
    browser = await launchChromium();
    context = await newContext(browser, stack.spaUrl);
    await signUpThroughApi(context, stack.spaUrl, owner);
    page = await context.newPage();
    errors = watchErrors(page);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("is in the navigation and starts empty, saying what to do", async () => {
    await onPage(page, "webhooks page", async () => {
      await page.goto("/");
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Webhooks" }).click();
      await page.getByRole("heading", { level: 1, name: "Webhooks" }).waitFor();
      await page.getByText("No endpoints yet").waitFor();
      await page.getByText("No deliveries yet").waitFor();
      await settled(page);
    });
    expect(new URL(page.url()).pathname).toBe("/webhooks");
    expect(errors).toEqual([]);
  });

  it("adds an endpoint, sends a test event, opens the delivery and replays it, by keyboard alone", async () => {
    // Add: the empty state's button, the URL field (focused when the dialog opens), submit.
    await tabTo(page, named("Add endpoint", /^button$/));
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "Add endpoint" });
    await dialog.waitFor();
    expect(await focusedElement(page)).toMatchObject({ name: "Endpoint URL", inDialog: true });
    await page.keyboard.type(hook.url);
    await tabTo(page, named("Add endpoint", /^button$/), { inDialog: true });
    await page.keyboard.press("Enter");
    await dialog.waitFor({ state: "hidden" });

    // The signing secret, shown right away: copied, and handed to the receiver to verify with.
    const created = page.getByRole("dialog", { name: "Endpoint added" });
    await created.waitFor();
    const shown = await created.getByRole("textbox", { name: "Signing secret" }).inputValue();
    expect(shown).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    await tabTo(page, named("Copy secret"), { inDialog: true });
    await page.keyboard.press("Enter");
    await page.getByText("Signing secret copied").waitFor();
    state.secret = await page.evaluate(() => navigator.clipboard.readText());
    expect(state.secret).toBe(shown);
    await hook.verifyWith(state.secret);
    await tabTo(page, named("Done"), { inDialog: true });
    await page.keyboard.press("Enter");
    await created.waitFor({ state: "hidden" });
    await card().waitFor();
    // The button that opened the dialog is gone (the list replaced the empty state): focus
    // continues from the new endpoint's card, visibly.
    await expect.poll(async () => (await focusedElement(page))?.tag).toBe("article");
    expect(await focusedElement(page)).toMatchObject({
      name: expect.stringContaining(hook.url),
      indicator: true,
    });
    expect(await card().textContent()).toContain("No recent deliveries");
    expect(await page.locator("body").textContent()).not.toContain(state.secret);

    // Send a test event from the card.
    await tabTo(page, named(`Send test event for ${hook.url}`));
    await page.keyboard.press("Enter");
    const test = page.getByRole("dialog", { name: "Send a test event" });
    await test.waitFor();
    expect(await test.getByRole("combobox", { name: "Event type" }).inputValue()).toBe("api_key.created");
    await tabTo(page, named("Send test event"), { inDialog: true });
    await page.keyboard.press("Enter");
    await test.waitFor({ state: "hidden" });

    // The log now shows this endpoint's deliveries (in the URL), and the delivery succeeds.
    await page.waitForURL((url) => url.searchParams.has("endpointId"));
    const row = page.getByRole("row").filter({ hasText: "api_key.created" });
    await onPage(page, "delivery succeeded in the log", async () => {
      await row.getByText("Succeeded").waitFor({ timeout: DELIVERY_MS });
    });
    expect(await row.textContent()).toContain("200");
    const [first] = await hook.received();
    expect(first).toMatchObject({ answered: 200, verified: true });
    expect(JSON.parse(first?.body ?? "{}")).toMatchObject({ type: "api_key.created" });

    // Open it from the keyboard: the drawer shows headers, payload and the attempt.
    await tabTo(page, named(/details of the api_key\.created delivery$/));
    await page.keyboard.press("Enter");
    const drawer = page.getByRole("dialog", { name: "Delivery details" });
    await drawer.waitFor();
    expect(new URL(page.url()).searchParams.get("deliveryId")).toMatch(/^\S+$/);
    await drawer.getByText("Attempts (1)").waitFor();
    const drawerText = (await drawer.textContent()) ?? "";
    expect(drawerText).toContain(first?.headers["webhook-id"]);
    expect(drawerText).toContain(first?.headers["webhook-signature"]);
    expect(drawerText).toContain('"type": "api_key.created"');
    expect(drawerText).toMatch(/✓ 200/);

    // Replay: the same webhook-id again, a second attempt, verified by the receiver.
    await tabTo(page, named("Replay"), { inDialog: true });
    await page.keyboard.press("Enter");
    await page.getByText("Delivery queued again").waitFor();
    await onPage(page, "replayed delivery", async () => {
      await drawer.getByText("Attempts (2)").waitFor({ timeout: DELIVERY_MS });
    });
    const received = await eventually("the replay at the receiver", async () => {
      const list = await hook.received();
      return list.length === 2 ? list : undefined;
    });
    expect(received.map((delivery) => delivery.verified)).toEqual([true, true]);
    expect(received[1]?.headers["webhook-id"]).toBe(received[0]?.headers["webhook-id"]);

    // Escape closes the drawer and gives focus back to the row that opened it.
    await page.keyboard.press("Escape");
    await drawer.waitFor({ state: "hidden" });
    expect((await focusedElement(page))?.name).toMatch(/details of the api_key\.created delivery$/);
    expect(new URL(page.url()).searchParams.has("deliveryId")).toBe(false);
    const endpoints = (await api("GET", "/webhooks/endpoints")).data as { id: string; url: string }[];
    expect(endpoints.map((endpoint) => endpoint.url)).toEqual([hook.url]);
    state.endpointId = endpoints[0]?.id ?? "";
    expect(errors).toEqual([]);
  });

  it("shows the SSRF guard's refusal under the URL field, and adds nothing", async () => {
    await page.getByRole("button", { name: "Add endpoint" }).first().click();
    const dialog = page.getByRole("dialog", { name: "Add endpoint" });
    const url = dialog.getByRole("textbox", { name: "Endpoint URL" });
    for (const [target, message] of [
      [
        "http://169.254.169.254/latest/meta-data/",
        "must not point at a link-local or cloud metadata address",
      ],
      ["http://10.1.2.3/hooks", "must not point at a private network address"],
      ["https://user:secret@hooks.example.com/", "must not contain a user name or password"],
    ] as const) {
      await url.fill(target);
      await dialog.getByRole("button", { name: "Add endpoint" }).click();
      await onPage(page, `refusal of ${target}`, async () => {
        await expect.poll(() => url.getAttribute("aria-invalid")).toBe("true");
      });
      // The message is the field's description (read with it) and in the summary at the top.
      const describedBy = (await url.getAttribute("aria-describedby")) ?? "";
      const description = await page.evaluate(
        (ids) => ids.map((id) => document.getElementById(id)?.textContent ?? "").join(" "),
        describedBy.split(" "),
      );
      expect(description).toContain(message);
      expect(await dialog.getByRole("alert").textContent()).toContain(`Endpoint URL: ${message}`);
    }
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    const endpoints = (await api("GET", "/webhooks/endpoints")).data as unknown[];
    expect(endpoints).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it("reveals the secret after a confirmation (audited) and rotates it: both secrets sign for 24 hours", async () => {
    await card()
      .getByRole("button", { name: /^Signing secret/ })
      .click();
    const dialog = page.getByRole("dialog", { name: "Signing secret" });
    await dialog.getByText("Hidden").waitFor();
    expect(await dialog.textContent()).not.toContain(state.secret);

    await dialog.getByRole("button", { name: "Reveal secret" }).click();
    await dialog.getByText(/recorded in the audit log/).waitFor();
    const audited = async () =>
      ((await api("GET", "/audit-logs?action=webhook_endpoint.reveal_secret")).data as unknown[]).length;
    expect(await audited()).toBe(0);
    await dialog.getByRole("button", { name: "Reveal secret" }).click();
    const field = dialog.getByRole("textbox", { name: "Signing secret" });
    await field.waitFor();
    expect(await field.inputValue()).toBe(state.secret);
    expect(await audited()).toBe(1);
    await dialog.getByRole("button", { name: "Hide secret" }).click();
    await dialog.getByText("Hidden").waitFor();

    await dialog.getByRole("button", { name: "Rotate secret" }).click();
    await dialog
      .getByText(/For 24 hours each delivery also carries a signature made with the current secret/)
      .waitFor();
    await dialog.getByRole("button", { name: "Rotate secret" }).click();
    await dialog.getByText("Secret rotated").waitFor();
    const rotated = await dialog.getByRole("textbox", { name: "Signing secret" }).inputValue();
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(state.secret);
    await dialog.getByRole("button", { name: "Done" }).click();
    await dialog.waitFor({ state: "hidden" });

    // Reopened, it says the previous secret still signs; and it does, beside the new one.
    await card()
      .getByRole("button", { name: /^Signing secret/ })
      .click();
    await dialog.getByText(/Rotation in progress: the previous secret also signs deliveries until/).waitFor();
    await dialog.getByRole("button", { name: "Done" }).click();
    for (const secret of [state.secret, rotated]) {
      await hook.verifyWith(secret);
      const before = (await hook.received()).length;
      await api("POST", `/webhooks/endpoints/${state.endpointId}/test`, { eventType: "member.added" });
      const latest = await eventually(
        "the test event at the receiver",
        async () => {
          const list = await hook.received();
          return list.length > before ? list.at(-1) : undefined;
        },
        DELIVERY_MS,
      );
      expect(latest?.verified, `verified with the ${secret === rotated ? "new" : "previous"} secret`).toBe(
        true,
      );
      expect(latest?.headers["webhook-signature"]?.split(" ")).toHaveLength(2);
    }
    expect(errors).toEqual([]);
  });

  it("disables an endpoint with a banner saying so, and re-enables it in one click", async () => {
    await card()
      .getByRole("button", { name: /^Disable/ })
      .click();
    const banner = card().getByRole("note");
    await banner.getByText("This endpoint is disabled").waitFor();
    expect(await banner.textContent()).toContain("Reason: Disabled by an admin");
    expect(
      await card()
        .getByRole("button", { name: /^Send test event/ })
        .count(),
    ).toBe(0);
    await banner.getByRole("button", { name: /^Re-enable/ }).click();
    await banner.waitFor({ state: "detached" });
    await card()
      .getByRole("button", { name: /^Send test event/ })
      .waitFor();
    expect(errors).toEqual([]);
  });

  it("resends the failed deliveries since a time (recover), defaulting to the last 24 hours", async () => {
    await card()
      .getByRole("button", { name: /^Resend failed/ })
      .click();
    const dialog = page.getByRole("dialog", { name: "Resend failed deliveries" });
    const since = await dialog.getByLabel("Failed since").inputValue();
    expect(since).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    await dialog.getByRole("button", { name: "Resend failed deliveries" }).click();
    // Every delivery so far succeeded: nothing to resend, and the page says so.
    await page.getByText("No failed deliveries since then: nothing to resend").waitFor();
    await dialog.waitFor({ state: "hidden" });
    const [entry] = (await api("GET", "/audit-logs?action=webhook_endpoint.recover")).data as {
      after: { since: string; recovered: number };
    }[];
    expect(entry?.after.recovered).toBe(0);
    const hoursBack = (Date.now() - Date.parse(entry?.after.since ?? "")) / 3_600_000;
    expect(hoursBack).toBeGreaterThan(23.9);
    expect(hoursBack).toBeLessThan(24.1);
    expect(errors).toEqual([]);
  });

  it("filters the delivery log from the URL, and a mangled link falls back to the defaults", async () => {
    await page.goto(`/webhooks?status=failed&eventType=member.added`);
    await page.getByText("No deliveries match these filters").waitFor();
    await page.goto(`/webhooks?status=succeeded&eventType=member.added`);
    await page.getByRole("row").filter({ hasText: "member.added" }).first().waitFor();
    expect(await page.getByRole("row").filter({ hasText: "api_key.created" }).count()).toBe(0);
    await page.goto(
      `/webhooks?status=exploded&eventType=%3Cscript%3E&cursor=!!&deliveryId=${"x".repeat(300)}`,
    );
    await page.getByRole("heading", { level: 1, name: "Webhooks" }).waitFor();
    await page.getByRole("row").filter({ hasText: "api_key.created" }).first().waitFor();
    expect(await page.getByRole("dialog").count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it("shows a viewer the endpoints and deliveries, but no button that changes anything", async () => {
    const viewer = newAccount("webhooks-viewer");
    const viewerContext = await newContext(browser, stack.spaUrl);
    await signUpThroughApi(viewerContext, stack.spaUrl, viewer, { organization: false });
    const invitation = await api("POST", "/auth/organization/invite-member", {
      email: viewer.email,
      role: "viewer",
    });
    await api("POST", "/auth/organization/accept-invitation", { invitationId: invitation.id }, viewerContext);
    const organizationId = (invitation as { organizationId: string }).organizationId;
    await api("POST", "/auth/organization/set-active", { organizationId }, viewerContext);
    const viewerPage = await viewerContext.newPage();
    const viewerErrors = watchErrors(viewerPage);
    await onPage(viewerPage, "viewer's webhooks page", async () => {
      await viewerPage.goto("/webhooks");
      await viewerPage.getByRole("article", { name: hook.url }).waitFor();
      await settled(viewerPage);
    });
    for (const name of [
      /^Add endpoint/,
      /^Send test event/,
      /^Edit/,
      /^Signing secret/,
      /^Resend failed/,
      /^Disable/,
      /^Delete/,
    ]) {
      expect(await viewerPage.getByRole("button", { name }).count(), String(name)).toBe(0);
    }
    await viewerPage
      .getByRole("button", { name: /details of the api_key\.created delivery$/ })
      .first()
      .click();
    const drawer = viewerPage.getByRole("dialog", { name: "Delivery details" });
    await drawer.getByText(/Attempts \(\d+\)/).waitFor();
    expect(await drawer.getByRole("button", { name: "Replay" }).count()).toBe(0);
    expect(viewerErrors).toEqual([]);
    await viewerContext.close();
  });

  it("deletes an endpoint after a confirmation, with its delivery log", async () => {
    await page.goto("/webhooks");
    await card()
      .getByRole("button", { name: /^Delete/ })
      .click();
    const dialog = page.getByRole("dialog", { name: "Delete this endpoint?" });
    expect(await dialog.textContent()).toContain(hook.url);
    await dialog.getByRole("button", { name: "Delete endpoint" }).click();
    await page.getByText("Endpoint deleted").waitFor();
    await page.getByText("No endpoints yet").waitFor();
    await page.getByText("No deliveries yet").waitFor();
    expect((await api("GET", "/webhooks/endpoints")).data).toEqual([]);
    expect(errors).toEqual([]);
  });
});
