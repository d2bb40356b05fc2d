// The admin SPA's initial JavaScript per route (issue #6: sign-in ≤ 150 KB gzipped, overview
// ≤ 300 KB gzipped). Builds the SPA with Vite's manifest into a temporary folder (the production
// build stays manifest-free), then for every page route adds up what the browser must fetch before
// the page renders: the entry chunk, every chunk it imports statically, and the route-split chunks
// of every route the page matches (its layouts included) with their static imports. Each file is
// compressed on its own, as a CDN serves it: gzip level 9 (the budget) and brotli quality 11.
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const SPA_ROOT = join(import.meta.dirname, "..", "..", "admin-spa");
const ROUTES_DIR = "src/routes/";
const KB = 1024;

/** Budgets from issue #6, in gzipped bytes, by the page's URL pattern. */
export const BUDGETS: Record<string, number> = { "/sign-in": 150 * KB, "/": 300 * KB };

/** One entry of Vite's `.vite/manifest.json` (https://vite.dev/guide/backend-integration). */
export interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
export type Manifest = Record<string, ManifestChunk>;

/**
 * The TanStack Router route id of a route module: `src/routes/_app/keys.$keyId.tsx` → `/_app/keys/$keyId`
 * (file-based routing: folders and dots both nest; `index` is the parent's index; `route` is the folder's own route).
 */
export function routeIdOf(source: string): string {
  const path = source
    .slice(ROUTES_DIR.length)
    .replace(/\?.*$/, "")
    .replace(/\.[cm]?[jt]sx?$/, "");
  const segments = path.split(/[/.]/).filter((segment) => segment !== "route");
  return `/${segments.join("/")}`;
}

/** A route id as users see the URL: pathless layouts (`_app`) dropped, `index` is the parent. */
export function urlOf(routeId: string): string {
  const segments = routeId
    .split("/")
    .filter((segment) => segment !== "" && !segment.startsWith("_") && segment !== "index");
  return `/${segments.join("/")}`;
}

/** Manifest keys of the route-split chunks, grouped by route id. */
function splitChunksByRoute(manifest: Manifest): Map<string, string[]> {
  const byRoute = new Map<string, string[]>();
  for (const [key, chunk] of Object.entries(manifest)) {
    const src = chunk.src ?? key;
    if (!chunk.isDynamicEntry || !src.startsWith(ROUTES_DIR)) continue;
    const id = routeIdOf(src);
    byRoute.set(id, [...(byRoute.get(id) ?? []), key]);
  }
  return byRoute;
}

/** `key` and everything it imports statically, transitively (dynamic imports load later). */
export function staticClosure(manifest: Manifest, keys: string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    const chunk = manifest[key];
    if (!chunk) throw new Error(`the Vite manifest has no entry "${key}"`);
    seen.add(key);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  for (const key of keys) visit(key);
  return seen;
}

export interface RouteChunks {
  routeId: string;
  url: string;
  /** Output files (assets/…js) that load before the page renders. */
  files: string[];
}

/**
 * For every leaf route (a page, not a layout), the JS files its first load needs. The router loads
 * every split chunk of each matched route (component, and error/pending/not-found components,
 * which it preloads with it), so all of them count.
 */
export function initialChunksPerRoute(manifest: Manifest): RouteChunks[] {
  const entries = Object.entries(manifest).filter(([, chunk]) => chunk.isEntry);
  if (entries.length !== 1)
    throw new Error(`expected one entry chunk in the Vite manifest, found ${entries.length}`);
  const entryKey = (entries[0] as [string, ManifestChunk])[0];
  const splits = splitChunksByRoute(manifest);
  const ids = [...splits.keys()];
  const isAncestor = (ancestor: string, id: string) => id.startsWith(`${ancestor}/`);
  const leaves = ids.filter((id) => !ids.some((other) => isAncestor(id, other)));
  return leaves
    .map((id) => {
      const matched = ids.filter((other) => other === id || isAncestor(other, id));
      const keys = [entryKey, ...matched.flatMap((route) => splits.get(route) ?? [])];
      const files = [...staticClosure(manifest, keys)].map((key) => (manifest[key] as ManifestChunk).file);
      return { routeId: id, url: urlOf(id), files: files.filter((file) => file.endsWith(".js")).sort() };
    })
    .sort((a, b) => a.url.localeCompare(b.url));
}

export interface RouteSize {
  route: string;
  routeId: string;
  files: number;
  rawBytes: number;
  gzipBytes: number;
  brotliBytes: number;
  budgetGzipBytes: number | null;
  withinBudget: boolean | null;
}

export interface SpaBundleReport {
  builtWith: string;
  compression: string;
  routes: RouteSize[];
  allWithinBudget: boolean;
}

/** Sizes per route from a built folder (with `.vite/manifest.json`); each file compressed once. */
export async function sizeRoutes(
  outDir: string,
  manifest: Manifest,
  budgets: Record<string, number> = BUDGETS,
): Promise<RouteSize[]> {
  const sizes = new Map<string, { raw: number; gzip: number; brotli: number }>();
  const sizeOf = async (file: string) => {
    const known = sizes.get(file);
    if (known) return known;
    const bytes = await readFile(join(outDir, file));
    const size = {
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
    sizes.set(file, size);
    return size;
  };
  const routes: RouteSize[] = [];
  for (const route of initialChunksPerRoute(manifest)) {
    const fileSizes = await Promise.all(route.files.map(sizeOf));
    const sum = (key: "raw" | "gzip" | "brotli") => fileSizes.reduce((total, size) => total + size[key], 0);
    const budget = budgets[route.url] ?? null;
    routes.push({
      route: route.url,
      routeId: route.routeId,
      files: route.files.length,
      rawBytes: sum("raw"),
      gzipBytes: sum("gzip"),
      brotliBytes: sum("brotli"),
      budgetGzipBytes: budget,
      withinBudget: budget === null ? null : sum("gzip") <= budget,
    });
  }
  return routes;
}

/** `vite build --manifest` of the admin SPA into a temporary folder. */
async function buildSpa(outDir: string): Promise<void> {
  const vite = join(SPA_ROOT, "node_modules", "vite", "bin", "vite.js");
  const args = [vite, "build", "--manifest", "--outDir", outDir, "--emptyOutDir", "--logLevel", "warn"];
  const child = spawn(process.execPath, args, { cwd: SPA_ROOT, stdio: ["ignore", "inherit", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", resolve);
  });
  if (code !== 0)
    throw new Error(`vite build of the admin SPA failed (exit ${code}):\n${stderr.slice(-2000)}`);
}

export async function measureSpaBundles(): Promise<SpaBundleReport> {
  const outDir = await mkdtemp(join(tmpdir(), "edgegate-spa-bundle-"));
  try {
    await buildSpa(outDir);
    const manifest = JSON.parse(await readFile(join(outDir, ".vite", "manifest.json"), "utf8")) as Manifest;
    const routes = await sizeRoutes(outDir, manifest);
    for (const url of Object.keys(BUDGETS)) {
      if (!routes.some((route) => route.route === url)) {
        throw new Error(`the admin SPA build has no route for ${url}, which has a bundle budget`);
      }
    }
    return {
      builtWith: "vite build --manifest (admin-spa/vite.config.ts)",
      compression: "per file: gzip level 9, brotli quality 11",
      routes,
      allWithinBudget: routes.every((route) => route.withinBudget !== false),
    };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

const kb = (bytes: number) => `${(bytes / KB).toFixed(1)} KB`;

export function renderSpaBundleMarkdown(report: SpaBundleReport): string {
  const lines = [
    "#### Admin SPA: initial JavaScript per route",
    "",
    `Entry chunk + its static imports + the matched routes' split chunks and their static imports; ${report.compression}. Built with \`${report.builtWith}\`.`,
    "",
    "| route | files | raw | gzip | brotli | budget (gzip) | |",
    "|---|--:|--:|--:|--:|--:|---|",
    ...report.routes.map(
      (route) =>
        `| \`${route.route}\` | ${route.files} | ${kb(route.rawBytes)} | ${kb(route.gzipBytes)} | ${kb(route.brotliBytes)} | ${route.budgetGzipBytes === null ? "—" : kb(route.budgetGzipBytes)} | ${route.withinBudget === null ? "" : route.withinBudget ? "met" : "**missed**"} |`,
    ),
    "",
  ];
  return `${lines.join("\n")}\n`;
}

// `node bench/src/spa-bundle.ts`: just this table, in seconds.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const report = await measureSpaBundles();
  console.log(renderSpaBundleMarkdown(report));
  process.exitCode = report.allWithinBudget ? 0 : 1;
}
