// Starts the platform once for the whole end-to-end project and hands its addresses to the tests
// (`inject("stack")`); stops it, and every process it started, when the run ends.
import type { TestProject } from "vitest/node";
import { launchChromium, newContext } from "./browser.ts";
import { type StackInfo, startStack } from "./stack.ts";

declare module "vitest" {
  export interface ProvidedContext {
    stack: StackInfo;
  }
}

/**
 * Vite's dev server compiles each module on first request and may re-bundle dependencies and
 * reload the page the first time a browser asks; one page load here pays for that once, before
 * any test's timeouts run.
 */
async function warmUp(spaUrl: string): Promise<void> {
  const browser = await launchChromium();
  try {
    const context = await newContext(browser, spaUrl);
    const page = await context.newPage();
    await page.goto("/sign-in", { timeout: 120_000 });
    await page.getByRole("heading", { level: 1 }).waitFor({ timeout: 120_000 });
  } finally {
    await browser.close();
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { info, stop } = await startStack();
  try {
    await warmUp(info.spaUrl);
  } catch (error) {
    await stop();
    throw new Error(`the admin SPA did not render its sign-in page: ${(error as Error).message}`);
  }
  project.provide("stack", info);
  return stop;
}
