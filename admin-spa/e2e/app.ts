// Admin-SPA steps the tests share: accounts made through the UI or, where the account is not what
// a test is about, through the same admin API the SPA calls (faster, and no page to wait for).
import { randomUUID } from "node:crypto";
import type { APIRequestContext, BrowserContext, Page } from "playwright-core";
import { expect } from "vitest";

export interface Account {
  name: string;
  email: string;
  password: string;
  organization: string;
}

/** A new, unique account (the e2e database is fresh per run; tests in a run must not collide). */
export function newAccount(label: string): Account {
  const id = randomUUID().slice(0, 8);
  return {
    name: `E2E ${label} ${id}`,
    email: `e2e-${label}-${id}@example.test`,
    password: `e2e-password-${id}`,
    organization: `E2E ${label} org ${id}`,
  };
}

/** Fills the sign-up form (account + first organization) and waits for the signed-in overview. */
export async function signUpThroughUi(page: Page, account: Account): Promise<void> {
  await page.goto("/sign-up");
  await page.getByRole("heading", { level: 1, name: "Create your account" }).waitFor();
  await page.getByLabel("Your name").fill(account.name);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByLabel("Organization name").fill(account.organization);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL((url) => url.pathname === "/");
}

/** Fills the sign-in form; the caller says where it expects to land. */
export async function signInThroughUi(
  page: Page,
  account: Pick<Account, "email" | "password">,
): Promise<void> {
  await page.getByRole("heading", { level: 1, name: "Sign in" }).waitFor();
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function post(request: APIRequestContext, origin: string, path: string, data: unknown) {
  // better-auth checks Origin on state-changing calls, as the browser would send it.
  const send = () => request.post(`${origin}/api${path}`, { data, headers: { Origin: origin } });
  let response = await send();
  // Every account here signs up from 127.0.0.1, and sign-ups are limited to 5 a minute per IP
  // (a real rule of the platform): wait as told by Retry-After, like a well-behaved client.
  for (let retry = 0; response.status() === 429 && retry < 2; retry++) {
    const seconds = Math.min(Number(response.headers()["retry-after"] ?? "60") || 60, 65);
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    response = await send();
  }
  expect(response.status(), `POST /api${path}: ${await response.text()}`).toBe(200);
  return response.json() as Promise<unknown>;
}

/**
 * Signs the context up (cookie in its jar) through the admin API, with an organization of its own
 * unless `organization: false` (someone who is about to accept an invitation).
 */
export async function signUpThroughApi(
  context: BrowserContext,
  origin: string,
  account: Account,
  options: { organization: boolean } = { organization: true },
): Promise<void> {
  await post(context.request, origin, "/auth/sign-up/email", {
    name: account.name,
    email: account.email,
    password: account.password,
  });
  if (!options.organization) return;
  const organization = (await post(context.request, origin, "/auth/organization/create", {
    name: account.organization,
    slug: `e2e-${randomUUID()}`,
  })) as { id: string };
  await post(context.request, origin, "/auth/organization/set-active", { organizationId: organization.id });
}

/** Signs the context in as an existing user (the seeded demo owner, say) through the admin API. */
export async function signInThroughApi(
  context: BrowserContext,
  origin: string,
  account: Pick<Account, "email" | "password">,
): Promise<void> {
  await post(context.request, origin, "/auth/sign-in/email", {
    email: account.email,
    password: account.password,
  });
}
