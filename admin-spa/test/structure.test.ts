// The SPA's folder rules, checked on the source so they stay true: a feature folder (one page)
// imports only shared code (components/, queries/, lib/, api/), never another feature, and shared
// code never imports a feature. A piece two pages need moves to shared code instead.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const SRC = fileURLToPath(new URL("../src/", import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|css)$/.test(entry.name) ? [path] : [];
  });
}

/** Every relative import (static, dynamic, CSS @import) of a file, resolved to a path under src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specifiers = [...text.matchAll(/(?:from|import|@import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)];
  return specifiers.map((match) => relative(SRC, resolve(dirname(file), match[1] ?? "")));
}

const featureOf = (path: string) => /^features\/([^/]+)\//.exec(path)?.[1];

it("no feature folder imports another feature, and shared code imports no feature", () => {
  const violations: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const from = relative(SRC, file);
    if (from.startsWith("routes/") || from === "routeTree.gen.ts") continue; // routes mount the pages
    for (const target of importsOf(file)) {
      const targetFeature = featureOf(target);
      if (targetFeature && targetFeature !== featureOf(from)) violations.push(`${from} → ${target}`);
    }
  }
  expect(violations).toEqual([]);
});
