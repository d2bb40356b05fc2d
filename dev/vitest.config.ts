import { defineProject } from "vitest/config";

// The local stack's own tests run in Node against the real local Postgres and Redis.
export default defineProject({
  test: { name: "dev", include: ["test/**/*.test.ts"], testTimeout: 20_000, hookTimeout: 30_000 },
});
