// The committed src/api/schema.gen.ts must be what the generator makes from today's admin API:
// a route or schema change without `pnpm --filter @edgegate/admin-spa generate:api` fails here.
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { generateApiSchema, SCHEMA_FILE } from "../scripts/generate-api.ts";

it("src/api/schema.gen.ts is up to date with the admin API's OpenAPI document", async () => {
  const fresh = await generateApiSchema();
  const committed = readFileSync(SCHEMA_FILE, "utf8");
  // Compared as a boolean so a stale file fails with the fix, not a 6,000-line diff.
  expect(
    fresh === committed,
    "schema.gen.ts is stale: run `pnpm --filter @edgegate/admin-spa generate:api` and commit it",
  ).toBe(true);
}, 60_000);
