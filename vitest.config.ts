import { defineConfig } from "vitest/config";

// One project per package; each package's own vitest.config.ts says how its tests run
// (Node for shared/dev, workerd for gateway-worker, Chromium for the SPA and docs).
export default defineConfig({
  test: {
    projects: ["shared", "dev", "gateway-worker", "admin-spa", "docs-site", "bench"],
  },
});
