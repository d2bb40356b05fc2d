// Every page of the admin SPA (and its dialogs and drawer) in light and dark theme: axe-core finds
// no serious or critical violation, at desktop and at phone width, no page scrolls sideways, and a
// screenshot of each is saved as test-results/screenshots/<page>-<theme>-<viewport>.png. The pages
// show real data: a key, its requests, an invitation and an automation token exist before they are
// opened. The pages are split over two test files (a11y-*.e2e.test.ts) so they run side by side.
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
  settled,
  THEMES,
  VIEWPORTS,
  type Viewport,
  watchErrors,
} from "./browser.ts";
import { callGateway, eventually } from "./gateway.ts";

const stack = inject("stack");
const KEY_NAME = "A11y key";

/** "operator": the demo admin, the `pnpm dev` stack's platform operator. */
type Who = "signed-out" | "owner" | "invitee" | "operator";

/** Which test file checks the page: several files, so the pages are checked side by side. */
type Group =
  | "auth-and-keys"
  | "insights-and-settings"
  | "webhooks"
  | "operator-insights"
  | "operator-customers";

interface PageCase {
  name: string;
  group: Group;
  who: Who;
  path: () => string;
  /** After loading `path`: waits for the content (and opens a dialog where the case is one). */
  ready?: (page: Page) => Promise<void>;
  /** The page's <h1>, or the dialog's name for dialog cases. */
  title: string | RegExp;
  dialog?: boolean;
  /** The router reports the error an error page shows on the console; that one is expected. */
  expectedConsoleError?: RegExp;
}

/** Filled in by beforeAll: ids the pages need. */
const data = { invitationId: "", keyId: "", requestId: "", deliveryId: "" };

const PAGES: PageCase[] = [
  { name: "sign-in", group: "auth-and-keys", who: "signed-out", path: () => "/sign-in", title: "Sign in" },
  {
    name: "sign-up",
    group: "auth-and-keys",
    who: "signed-out",
    path: () => "/sign-up",
    title: "Create your account",
  },
  {
    name: "invitation",
    group: "auth-and-keys",
    who: "invitee",
    path: () => `/invitations/${data.invitationId}`,
    title: /^Join E2E a11y-owner/,
  },
  // Someone else's invitation: the page's error state, with a long error code to wrap.
  {
    name: "invitation-error",
    group: "auth-and-keys",
    who: "owner",
    path: () => `/invitations/${data.invitationId}`,
    title: "Invitation",
    expectedConsoleError: /YOU_ARE_NOT_THE_RECIPIENT_OF_THE_INVITATION/,
  },
  { name: "overview", group: "auth-and-keys", who: "owner", path: () => "/", title: "Overview" },
  { name: "keys", group: "auth-and-keys", who: "owner", path: () => "/keys", title: "API keys" },
  {
    name: "keys-create-dialog",
    group: "auth-and-keys",
    who: "owner",
    path: () => "/keys",
    ready: async (page) => {
      await page.getByRole("heading", { level: 1, name: "API keys" }).waitFor();
      await page.getByRole("button", { name: "Create API key" }).first().click();
    },
    title: "Create API key",
    dialog: true,
  },
  {
    name: "keys-revoke-dialog",
    group: "auth-and-keys",
    who: "owner",
    path: () => "/keys",
    ready: async (page) => {
      await page.getByRole("button", { name: `Actions for ${KEY_NAME}`, exact: true }).click();
      await page.getByRole("button", { name: `Revoke ${KEY_NAME}`, exact: true }).click();
    },
    title: `Revoke “${KEY_NAME}”?`,
    dialog: true,
  },
  {
    name: "key-detail",
    group: "auth-and-keys",
    who: "owner",
    path: () => `/keys/${data.keyId}`,
    title: KEY_NAME,
  },
  {
    name: "analytics",
    group: "insights-and-settings",
    who: "owner",
    path: () => "/analytics",
    title: "Analytics",
  },
  { name: "logs", group: "insights-and-settings", who: "owner", path: () => "/logs", title: "Request log" },
  {
    name: "log-detail-drawer",
    group: "insights-and-settings",
    who: "owner",
    path: () => `/logs?requestId=${data.requestId}`,
    title: "Request details",
    dialog: true,
  },
  { name: "audit", group: "insights-and-settings", who: "owner", path: () => "/audit", title: "Audit log" },
  {
    name: "billing",
    group: "insights-and-settings",
    who: "owner",
    path: () => "/billing",
    ready: async (page) => {
      await page.getByRole("figure", { name: "Billable requests per day" }).waitFor();
      await page.getByRole("radio", { name: "Stop at the quota" }).waitFor();
    },
    title: "Billing",
  },
  {
    name: "settings",
    group: "insights-and-settings",
    who: "owner",
    path: () => "/settings",
    title: "Settings",
  },
  // The operator console's platform views, on the seeded demo platform.
  {
    name: "operator-platform-analytics",
    group: "operator-insights",
    who: "operator",
    path: () => "/operator/insights?range=7d",
    ready: async (page) => {
      await page.getByRole("figure", { name: /Organizations by requests/ }).waitFor();
    },
    title: "Platform analytics",
  },
  {
    name: "operator-revenue",
    group: "operator-insights",
    who: "operator",
    path: () => "/operator/revenue",
    ready: async (page) => {
      await page.getByRole("figure", { name: /MRR by plan/ }).waitFor();
    },
    title: "Revenue",
  },
  {
    name: "operator-operators",
    group: "operator-insights",
    who: "operator",
    path: () => "/operator/operators",
    ready: async (page) => {
      // The demo admin is listed from OPERATOR_EMAILS, so its row has no revoke button.
      await page.getByRole("cell", { name: "OPERATOR_EMAILS" }).first().waitFor();
    },
    title: "Operators",
  },
  {
    name: "operator-grant-dialog",
    group: "operator-insights",
    who: "operator",
    path: () => "/operator/operators",
    ready: async (page) => {
      // Keyboard only: focus the button, open with Enter, the e-mail field takes the focus.
      const open = page.getByRole("button", { name: "Grant operator role" });
      await open.focus();
      await page.keyboard.press("Enter");
      const dialog = page.getByRole("dialog", { name: "Grant the operator role" });
      await dialog.waitFor();
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.getAttribute("type")))
        .toBe("email");
    },
    title: "Grant the operator role",
    dialog: true,
  },
  // The operator console's customer pages and dialogs (the seeded demo customer Acme Robotics).
  {
    name: "operator-customers",
    group: "operator-customers",
    who: "operator",
    path: () => "/operator",
    ready: async (page) => {
      await page.getByRole("link", { name: "Acme Robotics" }).waitFor();
    },
    title: "Customers",
  },
  {
    name: "operator-customer",
    group: "operator-customers",
    who: "operator",
    path: () => "/operator/customers/org_demo_acme",
    ready: async (page) => {
      await page.getByRole("heading", { name: "API keys" }).waitFor();
    },
    title: "Acme Robotics",
  },
  {
    name: "operator-limits-dialog",
    group: "operator-customers",
    who: "operator",
    path: () => "/operator/customers/org_demo_acme",
    ready: async (page) => {
      await page.getByRole("button", { name: "Change plan or limits" }).click();
    },
    title: "Plan and limits of Acme Robotics",
    dialog: true,
  },
  {
    name: "operator-suspend-dialog",
    group: "operator-customers",
    who: "operator",
    path: () => "/operator/customers/org_demo_acme",
    ready: async (page) => {
      await page.getByRole("button", { name: /^(Suspend|Unsuspend)$/ }).click();
    },
    title: /^(Suspend|Unsuspend) Acme Robotics\?$/,
    dialog: true,
  },
  {
    name: "operator-platform-audit",
    group: "operator-customers",
    who: "operator",
    path: () => "/operator/audit",
    title: "Platform audit log",
  },
  // Webhooks: a healthy endpoint with a delivery, and a disabled one (its banner).
  { name: "webhooks", group: "webhooks", who: "owner", path: () => "/webhooks", title: "Webhooks" },
  {
    name: "webhooks-endpoint-dialog",
    group: "webhooks",
    who: "owner",
    path: () => "/webhooks",
    ready: async (page) => {
      await page.getByRole("button", { name: "Add endpoint" }).click();
      const dialog = page.getByRole("dialog", { name: "Add endpoint" });
      await dialog.getByRole("radio", { name: "Only selected events" }).check();
      // One type of a group ticked: its group box shows "mixed".
      await dialog.getByRole("checkbox", { name: /api_key\.created/ }).check();
    },
    title: "Add endpoint",
    dialog: true,
  },
  {
    name: "webhooks-secret-rotate-dialog",
    group: "webhooks",
    who: "owner",
    path: () => "/webhooks",
    ready: async (page) => {
      await page
        .getByRole("button", { name: /^Signing secret/ })
        .first()
        .click();
      await page
        .getByRole("dialog", { name: "Signing secret" })
        .getByRole("button", { name: "Rotate secret" })
        .click();
    },
    title: "Signing secret",
    dialog: true,
  },
  {
    name: "webhooks-test-dialog",
    group: "webhooks",
    who: "owner",
    path: () => "/webhooks",
    ready: async (page) => {
      await page
        .getByRole("button", { name: /^Send test event/ })
        .first()
        .click();
    },
    title: "Send a test event",
    dialog: true,
  },
  {
    name: "webhooks-delivery-drawer",
    group: "webhooks",
    who: "owner",
    path: () => `/webhooks?deliveryId=${data.deliveryId}`,
    title: "Delivery details",
    dialog: true,
  },
];

/** Whether the page's background (on <html>, from the shared theme tokens) is dark. */
async function backgroundIsDark(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const channels = getComputedStyle(document.documentElement).backgroundColor.match(/\d+(\.\d+)?/g) ?? [];
    const [r = 0, g = 0, b = 0] = channels.map(Number);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 128;
  });
}

/** Sets up the data once, then checks the group's pages, one after another. */
export function describeA11y(group: Group): void {
  const cases = PAGES.filter((page) => page.group === group);
  describe("axe, layout and screenshots in light and dark, desktop and phone", () => {
    let browser: Browser;
    const owner: Account = newAccount("a11y-owner");
    const invitee: Account = newAccount("a11y-invitee");
    const contexts = new Map<Who, BrowserContext>();

    async function api(context: BrowserContext, method: "GET" | "POST", path: string, body?: unknown) {
      const response = await context.request.fetch(`${stack.spaUrl}/api${path}`, {
        method,
        headers: { Origin: stack.spaUrl },
        ...(body === undefined ? {} : { data: body }),
      });
      expect(response.ok(), `${method} /api${path}: ${await response.text()}`).toBe(true);
      return response.json() as Promise<Record<string, unknown>>;
    }

    beforeAll(async () => {
      browser = await launchChromium();
      for (const who of ["signed-out", "owner", "invitee", "operator"] as const) {
        const context = await newContext(browser, stack.spaUrl);
        contexts.set(who, context);
      }
      await signInThroughApi(contexts.get("operator") as BrowserContext, stack.spaUrl, stack.demo);
      const ownerContext = contexts.get("owner") as BrowserContext;
      // The owner: a key with a successful and a failed request, an invitation, an automation token.
      await signUpThroughApi(ownerContext, stack.spaUrl, owner);
      const created = await api(ownerContext, "POST", "/keys", { name: KEY_NAME, scopes: ["*"] });
      data.keyId = (created.apiKey as { id: string }).id;
      const secret = created.key as string;
      expect((await callGateway(stack.workerUrl, secret, "/v1/orders")).status).toBe(200);
      expect((await callGateway(stack.workerUrl, secret, "/v1/status/503")).status).toBe(503);
      const invitation = await api(ownerContext, "POST", "/auth/organization/invite-member", {
        email: invitee.email,
        role: "developer",
      });
      data.invitationId = invitation.id as string;
      await api(ownerContext, "POST", "/automation-tokens", { name: "CI deploys", role: "developer" });
      // The invitee has an account of their own (no organization yet).
      await signUpThroughApi(contexts.get("invitee") as BrowserContext, stack.spaUrl, invitee, {
        organization: false,
      });
      if (group === "webhooks") await webhookData(ownerContext);
      data.requestId = await eventually(
        "both requests in the log",
        async () => {
          const logs = (await api(ownerContext, "GET", "/logs")).data as { id: string; status: number }[];
          return logs.length >= 2 ? logs.find((entry) => entry.status === 503)?.id : undefined;
        },
        30_000,
      );
    });

    /** Two endpoints at the local receiver: one with a delivered test event, one disabled. */
    async function webhookData(ownerContext: BrowserContext) {
      const receiver = (name: string) =>
        `${stack.webhookReceiverUrl}/hooks/a11y-${name}-${owner.email.replace(/\W/g, "-")}`;
      const healthy = (await api(ownerContext, "POST", "/webhooks/endpoints", {
        url: receiver("healthy"),
        description: "Billing service",
        eventTypes: ["api_key.created", "member.added"],
      })) as { endpoint: { id: string } };
      const disabled = (await api(ownerContext, "POST", "/webhooks/endpoints", { url: receiver("off") })) as {
        endpoint: { id: string };
      };
      await api(ownerContext, "POST", `/webhooks/endpoints/${disabled.endpoint.id}/disable`, {});
      await api(ownerContext, "POST", `/webhooks/endpoints/${healthy.endpoint.id}/test`, {
        eventType: "api_key.created",
      });
      data.deliveryId = await eventually(
        "the test delivery succeeded",
        async () => {
          const list = (await api(ownerContext, "GET", "/webhooks/deliveries")).data as {
            id: string;
            status: string;
          }[];
          return list.find((delivery) => delivery.status === "succeeded")?.id;
        },
        30_000,
      );
    }

    afterAll(async () => {
      await browser?.close();
    });

    // Each case has its own tab (the session is the context's). They run one after another: side by
    // side they were barely faster on two cores and each waited far longer for the dev server.
    it.for(cases)("$name", async ({ name, who, path, ready, title, dialog, expectedConsoleError }) => {
      const page = await (contexts.get(who) as BrowserContext).newPage();
      const errors = watchErrors(page);
      await onPage(page, name, async () => {
        await page.goto(path());
        await ready?.(page);
        await (dialog
          ? page.getByRole("dialog", { name: title })
          : page.getByRole("heading", { level: 1, name: title })
        ).waitFor();
        await settled(page);
      });
      const found: string[] = [];
      for (const theme of THEMES) {
        await page.emulateMedia({ colorScheme: theme });
        expect(await backgroundIsDark(page), `${name} follows the ${theme} theme`).toBe(theme === "dark");
        for (const viewport of Object.keys(VIEWPORTS) as Viewport[]) {
          await page.setViewportSize(VIEWPORTS[viewport]);
          const violations = await seriousAxeViolations(page);
          // Responsive down to a phone: wide content scrolls inside its own box, never the page.
          const overflow = await page.evaluate(
            () => document.documentElement.scrollWidth - window.innerWidth,
          );
          if (overflow > 0)
            found.push(`${name} (${theme}, ${viewport}): the page scrolls sideways by ${overflow}px`);
          if (violations.length > 0)
            found.push(`${name} (${theme}, ${viewport}):\n${describeViolations(violations)}`);
          await screenshot(page, name, theme, viewport);
        }
        await page.setViewportSize(VIEWPORTS.desktop);
      }
      expect(found, found.join("\n")).toEqual([]);
      const unexpected = errors.filter((error) => !expectedConsoleError?.test(error));
      expect(unexpected, await describePage(page)).toEqual([]);
      await page.close();
    });
  });
}
