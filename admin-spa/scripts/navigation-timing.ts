// How long a full-page navigation takes until the page has settled (heading shown, no skeleton,
// nothing aria-busy), in the production build served by the Worker's static assets and in the
// dev server, signed in as the demo owner on `pnpm dev`'s seeded data. A measurement for the
// README, not a test: it asserts nothing (wall-clock budgets do not belong in `pnpm test`).
//
//   pnpm --filter @edgegate/admin-spa build && node admin-spa/scripts/navigation-timing.ts
//   (ROUNDS=n for another sample count, TARGETS=production to skip the dev server)
//
// The stack is the e2e suite's (its own database and Redis DB: E2E_DATABASE, E2E_REDIS_DB).
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { signInThroughUi } from "../e2e/app.ts";
import { launchChromium, newContext, settled } from "../e2e/browser.ts";
import { startStack } from "../e2e/stack.ts";

const ROUTES = ["/", "/keys", "/analytics", "/logs", "/webhooks", "/billing", "/audit", "/settings"];
const ROUNDS = Number(process.env.ROUNDS ?? 5);
/** `TARGETS=production` measures only the production build (the dev server is the slow half). */
const TARGETS = (process.env.TARGETS ?? "production,dev").split(",");

if (!existsSync(join(import.meta.dirname, "..", "dist", "index.html"))) {
  throw new Error("no production build: run `pnpm --filter @edgegate/admin-spa build` first");
}

async function navigationMs(page: Page, path: string): Promise<number> {
  const started = performance.now();
  await page.goto(path, { waitUntil: "commit" });
  await page.getByRole("heading", { level: 1 }).first().waitFor();
  await settled(page);
  return performance.now() - started;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

const { info, stop } = await startStack();
const browser = await launchChromium();
try {
  const results: Record<string, Record<string, number>> = {};
  // Signed in at the console's origin (the one the auth library trusts); the session cookie is
  // the host's, so the Worker's port on the same host is signed in too.
  const context = await newContext(browser, info.spaUrl);
  const page = await context.newPage();
  await page.goto("/sign-in");
  await signInThroughUi(page, info.demo);
  await page.getByRole("heading", { level: 1, name: "Overview" }).waitFor();
  for (const [target, label, origin] of [
    ["production", "production build (Worker assets)", info.workerUrl],
    ["dev", "dev server (Vite)", info.spaUrl],
  ] as const) {
    if (!TARGETS.includes(target)) continue;
    // One warm-up round: the dev server compiles each module on first request.
    for (const path of ROUTES) await navigationMs(page, origin + path);
    results[label] = {};
    for (const path of ROUTES) {
      const samples: number[] = [];
      for (let round = 0; round < ROUNDS; round++) samples.push(await navigationMs(page, origin + path));
      results[label][path] = Math.round(median(samples));
    }
  }
  await context.close();
  console.log(`Median of ${ROUNDS} full-page navigations until settled (ms):`);
  console.table(results);
} finally {
  await browser.close();
  await stop();
}
