// The admin API's OpenAPI document (and the gateway reference's) is good enough to generate the reference from: `redocly lint`
// (the CLI itself, with redocly.yaml's recommended rules) reports no error and no warning.
// The document is the one the Worker serves at /api/openapi.json: gateway-worker's openapi.test.ts
// checks the served document equals the one write-openapi.ts builds, which is what is linted here.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { DEMO_UPSTREAM_OPENAPI } from "@edgegate/dev/demo-upstream/openapi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gatewayDocument } from "../src/build/gateway-api.ts";

const run = promisify(execFile);
const root = fileURLToPath(new URL("..", import.meta.url));
const REDOCLY = join(root, "node_modules/.bin/redocly");
const WRITE_OPENAPI = join(root, "../gateway-worker/scripts/write-openapi.ts");

interface LintReport {
  totals: { errors: number; warnings: number; ignored: number };
  problems: Array<{
    ruleId: string;
    severity: string;
    message: string;
    location: Array<{ pointer: string }>;
  }>;
}

async function lint(file: string): Promise<LintReport> {
  // Exit code 1 when there are errors; the JSON report is on stdout either way.
  const { stdout } = await run(
    REDOCLY,
    ["lint", file, "--format=json", "--config", join(root, "redocly.yaml")],
    {
      cwd: root,
    },
  ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? "" }));
  return JSON.parse(stdout) as LintReport;
}

let dir = "";
let documentFile = "";

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "edgegate-openapi-lint-"));
  documentFile = join(dir, "openapi.json");
  await run(process.execPath, [WRITE_OPENAPI, documentFile]);
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("redocly lint of /api/openapi.json", () => {
  it("finds no error and no warning under the recommended rules", async () => {
    const report = await lint(documentFile);
    const problems = report.problems.map(
      (problem) =>
        `${problem.severity} ${problem.ruleId} ${problem.location[0]?.pointer}: ${problem.message}`,
    );
    expect(problems).toEqual([]);
    expect(report.totals).toEqual({ errors: 0, warnings: 0, ignored: 0 });
  });

  it("finds no error and no warning in the gateway reference's document either", async () => {
    const file = join(dir, "gateway-openapi.json");
    await writeFile(file, JSON.stringify(gatewayDocument(structuredClone(DEMO_UPSTREAM_OPENAPI) as never)));
    const report = await lint(file);
    expect(report.problems.map((problem) => `${problem.ruleId}: ${problem.message}`)).toEqual([]);
  });

  it("does report the problems it exists to catch", async () => {
    const document = JSON.parse(await readFile(documentFile, "utf8"));
    delete document.paths["/keys"].get.operationId;
    delete document.paths["/auth/sign-out"].post.summary;
    document.paths["/auth/sign-out"].post.responses["200"].content["application/json"].schema = {
      type: "string",
      nullable: true,
    };
    const broken = join(dir, "broken.json");
    await writeFile(broken, JSON.stringify(document));
    const rules = (await lint(broken)).problems.map((problem) => problem.ruleId);
    expect(rules).toEqual(expect.arrayContaining(["operation-operationId", "operation-summary", "struct"]));
  });
});
