// The admin SPA bundle-size walk over a small, hand-made Vite manifest: which chunks count as a
// route's initial JavaScript, and how they are sized against the budgets.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  initialChunksPerRoute,
  type Manifest,
  routeIdOf,
  sizeRoutes,
  staticClosure,
  urlOf,
} from "../src/spa-bundle.ts";

// index.html → vendor (→ react), shared; routes split by TanStack Router. The key detail page
// lazily imports the charts (a dynamic import: not part of its first load).
const manifest: Manifest = {
  "index.html": {
    file: "assets/index.js",
    src: "index.html",
    isEntry: true,
    imports: ["_vendor.js", "_shared.js"],
    dynamicImports: [
      "src/routes/_app.tsx?tsr-split=component",
      "src/routes/_app/index.tsx?tsr-split=component",
      "src/routes/_app/keys.$keyId.tsx?tsr-split=component",
      "src/routes/sign-in.tsx?tsr-split=component",
      "src/routes/sign-in.tsx?tsr-split=errorComponent",
    ],
    css: ["assets/index.css"],
  },
  "_vendor.js": { file: "assets/vendor.js", imports: ["_react.js"] },
  "_react.js": { file: "assets/react.js" },
  "_shared.js": { file: "assets/shared.js", imports: ["_react.js"] },
  "_form.js": { file: "assets/form.js", imports: ["_shared.js"] },
  "_layout.js": { file: "assets/layout.js", imports: ["_shared.js"] },
  "_charts.js": { file: "assets/charts.js", imports: ["_vendor.js"] },
  "src/routes/_app.tsx?tsr-split=component": {
    file: "assets/app-layout.js",
    src: "src/routes/_app.tsx?tsr-split=component",
    isDynamicEntry: true,
    imports: ["index.html", "_layout.js"],
  },
  "src/routes/_app/index.tsx?tsr-split=component": {
    file: "assets/overview.js",
    src: "src/routes/_app/index.tsx?tsr-split=component",
    isDynamicEntry: true,
    imports: ["index.html"],
  },
  "src/routes/_app/keys.$keyId.tsx?tsr-split=component": {
    file: "assets/key-detail.js",
    src: "src/routes/_app/keys.$keyId.tsx?tsr-split=component",
    isDynamicEntry: true,
    imports: ["index.html", "_form.js"],
    dynamicImports: ["_charts.js"],
  },
  "src/routes/sign-in.tsx?tsr-split=component": {
    file: "assets/sign-in.js",
    src: "src/routes/sign-in.tsx?tsr-split=component",
    isDynamicEntry: true,
    imports: ["index.html", "_form.js"],
  },
  "src/routes/sign-in.tsx?tsr-split=errorComponent": {
    file: "assets/sign-in-error.js",
    src: "src/routes/sign-in.tsx?tsr-split=errorComponent",
    isDynamicEntry: true,
    imports: ["index.html"],
  },
};

describe("route ids and URLs from route files", () => {
  it.each([
    ["src/routes/sign-in.tsx?tsr-split=component", "/sign-in", "/sign-in"],
    ["src/routes/_app/index.tsx", "/_app/index", "/"],
    ["src/routes/_app/keys.$keyId.tsx?tsr-split=errorComponent", "/_app/keys/$keyId", "/keys/$keyId"],
    ["src/routes/_app/logs/route.tsx", "/_app/logs", "/logs"],
    ["src/routes/invitations.$id.tsx", "/invitations/$id", "/invitations/$id"],
  ])("%s → %s (%s)", (source, id, url) => {
    expect(routeIdOf(source)).toBe(id);
    expect(urlOf(id)).toBe(url);
  });
});

describe("initial chunks per route", () => {
  it("follows static imports transitively, once each, and never dynamic ones", () => {
    expect(staticClosure(manifest, ["src/routes/_app/keys.$keyId.tsx?tsr-split=component"])).toEqual(
      new Set([
        "src/routes/_app/keys.$keyId.tsx?tsr-split=component",
        "index.html",
        "_vendor.js",
        "_react.js",
        "_shared.js",
        "_form.js",
      ]),
    );
  });

  it("reports each page (not its layouts) with the entry, its layouts' chunks and all its own splits", () => {
    const byUrl = Object.fromEntries(
      initialChunksPerRoute(manifest).map((route) => [route.url, route.files]),
    );
    expect(Object.keys(byUrl)).toEqual(["/", "/keys/$keyId", "/sign-in"]);
    const entry = ["assets/index.js", "assets/react.js", "assets/shared.js", "assets/vendor.js"];
    expect(byUrl["/"]).toEqual(
      [...entry, "assets/app-layout.js", "assets/layout.js", "assets/overview.js"].sort(),
    );
    // The lazily imported charts are not in the key page's first load.
    expect(byUrl["/keys/$keyId"]).toEqual(
      [...entry, "assets/app-layout.js", "assets/layout.js", "assets/key-detail.js", "assets/form.js"].sort(),
    );
    // Sign-in is outside the app layout; the router preloads its error component with it. CSS is not JS.
    expect(byUrl["/sign-in"]).toEqual(
      [...entry, "assets/sign-in.js", "assets/sign-in-error.js", "assets/form.js"].sort(),
    );
  });

  it("refuses a manifest whose imports point nowhere", () => {
    const broken: Manifest = {
      ...manifest,
      "_shared.js": { file: "assets/shared.js", imports: ["_gone.js"] },
    };
    expect(() => initialChunksPerRoute(broken)).toThrow('the Vite manifest has no entry "_gone.js"');
  });
});

describe("sizes against the budgets", () => {
  let dir: string;
  const contents = new Map<string, Buffer>();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "spa-bundle-test-"));
    await mkdir(join(dir, "assets"));
    // Incompressible-ish bytes of different sizes, so every file's share is visible in the sums.
    for (const [index, chunk] of Object.values(manifest).entries()) {
      const bytes = Buffer.from(
        Array.from({ length: 2_000 * (index + 1) }, (_, i) =>
          String.fromCharCode(33 + ((i * 7919) % 90)),
        ).join(""),
      );
      contents.set(chunk.file, bytes);
      await writeFile(join(dir, chunk.file), bytes);
    }
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("adds up each file compressed on its own, and checks the sign-in and overview budgets", async () => {
    const routes = await sizeRoutes(dir, manifest);
    const overview = routes.find((route) => route.route === "/");
    const files = initialChunksPerRoute(manifest).find((route) => route.url === "/")?.files ?? [];
    const gzip = files.reduce(
      (sum, file) => sum + gzipSync(contents.get(file) as Buffer, { level: 9 }).length,
      0,
    );
    const raw = files.reduce((sum, file) => sum + (contents.get(file) as Buffer).length, 0);
    expect(overview).toMatchObject({ routeId: "/_app/index", files: 7, rawBytes: raw, gzipBytes: gzip });
    expect(overview?.budgetGzipBytes).toBe(300 * 1024);
    expect(overview?.withinBudget).toBe(true);
    expect(routes.find((route) => route.route === "/sign-in")?.budgetGzipBytes).toBe(150 * 1024);
    // Pages without a budget in the issue are reported, not judged.
    expect(routes.find((route) => route.route === "/keys/$keyId")).toMatchObject({
      budgetGzipBytes: null,
      withinBudget: null,
    });
  });

  it("marks a route over its budget as missed", async () => {
    const routes = await sizeRoutes(dir, manifest, { "/sign-in": 1024 });
    expect(routes.find((route) => route.route === "/sign-in")).toMatchObject({
      budgetGzipBytes: 1024,
      withinBudget: false,
    });
  });
});
