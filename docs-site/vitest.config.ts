import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "docs-site",
    environment: "node",
    include: ["test/**/*.test.ts"],
    // One test runs a full `vite build` of the site.
    testTimeout: 60_000,
  },
});
