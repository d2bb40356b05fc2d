import { defineConfig } from "vitest/config";

// One project per package; each package's own vitest.config.ts says how its tests run
// (Node for shared/dev, workerd for gateway-worker, Chromium for the SPA and docs). The SPA has a
// second project: its end-to-end suite, in Chromium against the whole `pnpm dev` stack. bench has a
// second one too: the reliability suite's short form (faults, soak, secrets scan) on the real stack.
export default defineConfig({
  test: {
    projects: [
      "shared",
      "dev",
      "gateway-worker",
      "admin-spa",
      "admin-spa/vitest.e2e.config.ts",
      "docs-site",
      "bench",
      "bench/vitest.reliability.config.ts",
    ],
  },
});
