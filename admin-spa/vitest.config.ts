import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "admin-spa",
    environment: "node",
    include: ["test/**/*.test.ts"],
  },
});
