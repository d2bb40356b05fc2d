// Writes the admin API's OpenAPI 3.1 document to a file for the docs site:
//   node gateway-worker/scripts/write-openapi.ts [out-file]   (default docs-site/public/openapi.json)
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { buildOpenApiDocument } from "../src/admin/index.ts";

const out = resolve(process.argv[2] ?? resolve(import.meta.dirname, "../../docs-site/public/openapi.json"));
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(await buildOpenApiDocument(), null, 2)}\n`);
console.log(`wrote ${out}`);
