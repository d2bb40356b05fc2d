import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineProject } from "vitest/config";

// Worker tests run inside workerd. The global setup (Node) migrates a dedicated test database
// and starts the local stack on free ports; its Worker env is injected into the bindings here.
export default defineProject({
  plugins: [
    cloudflareTest(({ inject }) => ({
      wrangler: { configPath: "../wrangler.toml" },
      miniflare: {
        bindings: { ...inject<Record<string, string>>("workerEnv") },
      },
    })),
  ],
  test: {
    name: "gateway-worker",
    include: ["test/**/*.test.ts"],
    globalSetup: ["./test/global-setup.ts"],
    setupFiles: ["./test/test-clock.ts"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
