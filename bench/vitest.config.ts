import { defineProject } from "vitest/config";

// Node-side tests that need the benchmark harness (the real Worker on workerd via Miniflare, with
// the local stack): raw-HTTP framing cases the fetch API cannot produce.
export default defineProject({
  test: {
    name: "bench",
    include: ["test/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 90_000,
  },
});
