// `pnpm test`: the formatter/linter, the type checker for every package, then every vitest
// project (unit tests in Node, Worker tests inside workerd against the real local Postgres and
// Redis). Stops at the first failing step.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { checkRedis, postgresReachable, SetupError } from "./services.ts";
import { testSettings } from "./test-settings.ts";

const root = join(import.meta.dirname, "..", "..");
const bin = (name: string) => join(root, "node_modules", ".bin", name);
const packages = ["shared", "dev", "gateway-worker", "admin-spa", "docs-site", "bench"];

function step(title: string, command: string, args: string[], cwd = root): void {
  console.log(`\n▶ ${title}`);
  const result = spawnSync(command, args, { cwd, stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`\npnpm test: "${title}" failed`);
    process.exit(result.status ?? 1);
  }
}

const { databaseUrl, redisUrl } = testSettings();
const postgres = await postgresReachable(databaseUrl);
if (postgres !== true) {
  console.error(`pnpm test: Postgres is needed for the Worker tests: ${postgres}`);
  process.exit(1);
}
try {
  await checkRedis(redisUrl);
} catch (error) {
  console.error(`pnpm test: ${error instanceof SetupError ? error.message : String(error)}`);
  process.exit(1);
}

step("biome check (format + lint)", bin("biome"), ["check", "."]);
for (const name of packages) {
  step(`tsc --noEmit (${name})`, bin("tsc"), ["--noEmit", "-p", join(root, name)]);
}
const resultsFile = join(root, "test-results", "vitest.json");
console.log("\n▶ vitest run");
const vitest = spawnSync(
  bin("vitest"),
  [
    "run",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${resultsFile}`,
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: "inherit" },
);
// One plain summary line that any CI can read, whatever the reporter printed above.
try {
  const results = JSON.parse(readFileSync(resultsFile, "utf8")) as {
    numPassedTests: number;
    numFailedTests: number;
    testResults: { status: string }[];
  };
  // A file that fails outside any test (a hook, an import) fails no test: count failed files too.
  const files = results.testResults.filter((file) => file.status !== "passed").length;
  const failedFiles = files > 0 ? ` (${files} test file(s) failed)` : "";
  console.log(`\n${results.numPassedTests} passed, ${results.numFailedTests} failed${failedFiles}`);
} catch {
  console.error("pnpm test: vitest wrote no results");
}
process.exit(vitest.status ?? 1);
