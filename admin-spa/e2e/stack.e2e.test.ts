// The harness itself: the stack the global setup started answers as the README says, and the SPA
// loads in Chromium without errors.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium, newContext, watchErrors } from "./browser.ts";
import { callGateway, eventually } from "./gateway.ts";

const stack = inject("stack");

describe("the e2e stack", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("serves the admin API and accepts the demo key at the gateway", async () => {
    // Health answers 503 while a dependency check times out (its Redis check allows ~100 ms, which
    // a busy machine can miss), so poll it rather than trust one answer.
    await eventually("GET /api/health answering 200", async () => {
      const health = await fetch(`${stack.workerUrl}/api/health`);
      return health.status === 200 ? true : undefined;
    });
    const proxied = await callGateway(stack.workerUrl, stack.demo.apiKey);
    expect(proxied.status, await proxied.clone().text()).toBe(200);
    expect((await callGateway(stack.workerUrl, "ak_not_a_key")).status).toBe(401);
  });

  it("loads the SPA in Chromium with the admin API behind the same origin", async () => {
    const context = await newContext(browser, stack.spaUrl);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto("/");
    await page.locator("#root > *").first().waitFor();
    const health = await page.evaluate(async () => (await fetch("/api/health")).status);
    expect(health).toBe(200);
    expect(errors).toEqual([]);
    await context.close();
  });
});
