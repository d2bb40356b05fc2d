// The harness itself: the stack the global setup started answers as the README says, and the SPA
// loads in Chromium without errors.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { signInThroughApi } from "./app.ts";
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

  it("seeds a week of demo traffic on the first start, says so, and every day of it shows", async () => {
    // This stack is a first start (fresh database and data folder), as a newcomer's is.
    expect(stack.demoTraffic).toMatch(/^[\d,]+ requests over the last 7 days on 4 demo keys/);
    const context = await newContext(browser, stack.spaUrl);
    await signInThroughApi(context, stack.spaUrl, stack.demo);
    const setActive = await context.request.post(`${stack.spaUrl}/api/auth/organization/set-active`, {
      headers: { Origin: stack.spaUrl },
      data: { organizationId: "org_demo" },
    });
    expect(setActive.ok()).toBe(true);
    const to = new Date();
    const from = new Date(to.getTime() - 7 * 86_400_000);
    const range = `from=${from.toISOString()}&to=${to.toISOString()}`;
    const series = (await (
      await context.request.get(`${stack.spaUrl}/api/analytics/timeseries?${range}&granularity=day`)
    ).json()) as { points: { requests: number; errors: number; rateLimited: number }[] };
    // Every full day of the week has traffic; the week has errors and rate-limited requests.
    const busyDays = series.points.filter((point) => point.requests > 0).length;
    expect(busyDays).toBeGreaterThanOrEqual(7);
    expect(series.points.reduce((sum, point) => sum + point.errors, 0)).toBeGreaterThan(0);
    expect(series.points.reduce((sum, point) => sum + point.rateLimited, 0)).toBeGreaterThan(0);
    const keys = (await (await context.request.get(`${stack.spaUrl}/api/keys`)).json()) as {
      data: { name: string }[];
    };
    expect(keys.data.map((key) => key.name)).toEqual(
      expect.arrayContaining(["Demo key", "Web storefront", "Mobile app", "Partner: Acme Corp"]),
    );
    await context.close();
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
