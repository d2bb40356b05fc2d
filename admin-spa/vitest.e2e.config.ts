// The admin SPA end to end: Debian's Chromium (playwright-core) against the real `pnpm dev` stack,
// started once by the global setup on free ports with its own database and Redis DB.
import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "admin-spa-e2e",
    environment: "node",
    include: ["e2e/**/*.e2e.test.ts"],
    globalSetup: ["e2e/global-setup.ts"],
    setupFiles: ["e2e/failure-artifacts.ts"],
    // Starting wrangler, Vite and the local endpoints takes a while on a busy 2-core machine.
    hookTimeout: 240_000,
    // A test is a whole user journey through several pages, not one assertion.
    testTimeout: 120_000,
  },
});
