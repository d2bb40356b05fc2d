import { defineConfig } from "drizzle-kit";

// request-logs.ts is left out on purpose: that table is partitioned, which drizzle-kit cannot
// express, so it lives in a hand-written custom migration (`drizzle-kit generate --custom`).
export default defineConfig({
  dialect: "postgresql",
  casing: "snake_case",
  out: "../migrations",
  schema: [
    "./src/db/schema/api-keys.ts",
    "./src/db/schema/audit.ts",
    "./src/db/schema/auth.ts",
    "./src/db/schema/billing.ts",
    "./src/db/schema/dead-letters.ts",
    "./src/db/schema/organizations.ts",
    "./src/db/schema/platform.ts",
    "./src/db/schema/usage.ts",
    "./src/db/schema/webhooks.ts",
  ],
});
