import { defineProject } from "vitest/config";

// The reliability suite's short form (bench/src/reliability/): the real Worker on workerd with
// the local stack, every scripted fault, a one-minute soak and the secrets scan, in one run
// (`pnpm reliability --long` is the long form). One file, so it never runs beside itself.
export default defineProject({
  test: {
    name: "reliability",
    include: ["reliability/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 300_000,
  },
});
