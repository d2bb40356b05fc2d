// The OpenAPI documents the reference is generated from, read once per build:
// - admin: the admin API's document, exactly as the Worker serves it at /api/openapi.json
//   (gateway-worker/scripts/write-openapi.ts builds it; the file is also published as /openapi.json);
// - gateway: the demo upstream's own document (what a customer's API publishes) as consumers call
//   it through the gateway, with the gateway's auth, headers and error answers added (gateway-api.ts).
// Each becomes a flat list of operations with $refs resolved, which reference.ts renders.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { DEMO_UPSTREAM_OPENAPI } from "@edgegate/dev/demo-upstream/openapi";
import { gatewayDocument } from "./gateway-api.ts";

export type Json = Record<string, unknown>;

export interface Schema extends Json {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  example?: unknown;
  examples?: unknown[];
  default?: unknown;
  format?: string;
  description?: string;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  additionalProperties?: boolean | Schema;
  const?: unknown;
}

export interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required: boolean;
  description?: string;
  schema: Schema;
  example?: unknown;
}

export interface ResponseDoc {
  status: string;
  description: string;
  contentType?: string;
  schema?: Schema;
  example?: unknown;
  headers: Array<{ name: string; description: string }>;
  /** The error codes this answer can carry, where the document lists them (`x-error-codes`). */
  errorCodes?: string[];
}

export type ApiId = "gateway" | "admin" | "webhooks";

export interface Operation {
  api: ApiId;
  operationId: string;
  /** URL segment: the operationId in kebab-case (listKeys → list-keys). */
  slug: string;
  method: string;
  /** Path as the caller writes it, below the API's base URL. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  parameters: Parameter[];
  requestBody?: { contentType: string; schema: Schema; example?: unknown; required: boolean };
  responses: ResponseDoc[];
  /** Names of the security schemes any one of which authorizes the call; empty when public. */
  security: string[];
  permission?: string;
}

export interface ApiDocument {
  id: ApiId;
  title: string;
  description: string;
  baseUrl: string;
  operations: Operation[];
  tags: Array<{ name: string; description?: string }>;
  securitySchemes: Record<string, Json>;
  /** The raw document, resolved, for the JSON download and llms-full.txt. */
  raw: Json;
}

const HTTP_METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

export function kebab(id: string): string {
  return id.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
}

/** Resolves local `#/components/...` references (cycles stop at the second visit). */
export function resolver(document: Json) {
  const lookup = (ref: string): unknown =>
    ref
      .replace(/^#\//, "")
      .split("/")
      .reduce<unknown>((node, key) => (node as Json | undefined)?.[key.replace(/~1/g, "/")], document);
  const resolve = <T>(value: T, seen: string[] = []): T => {
    if (Array.isArray(value)) return value.map((item) => resolve(item, seen)) as T;
    if (!value || typeof value !== "object") return value;
    const ref = (value as Json).$ref;
    if (typeof ref === "string") {
      if (seen.includes(ref))
        return { type: "object", description: `(recursive: ${ref.split("/").pop()})` } as T;
      const { $ref: _, ...rest } = value as Json;
      return resolve({ ...(lookup(ref) as Json), ...rest }, [...seen, ref]) as T;
    }
    return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, resolve(field, seen)])) as T;
  };
  return resolve;
}

function firstContent(
  content: unknown,
): { contentType: string; schema?: Schema; example?: unknown } | undefined {
  const entries = Object.entries((content as Record<string, Json> | undefined) ?? {});
  const [contentType, media] = entries[0] ?? [];
  if (!contentType || !media) return undefined;
  const examples = media.examples as Record<string, { value?: unknown }> | undefined;
  const example = media.example ?? Object.values(examples ?? {})[0]?.value;
  return { contentType, schema: media.schema as Schema | undefined, example };
}

function operationsOf(
  api: ApiId,
  items: Record<string, Json>,
  resolve: ReturnType<typeof resolver>,
): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(items)) {
    for (const method of HTTP_METHODS) {
      const raw = item[method] as Json | undefined;
      if (!raw) continue;
      const operation = resolve(raw) as Json;
      const operationId = operation.operationId as string;
      const body = operation.requestBody as Json | undefined;
      const bodyContent = body ? firstContent(body.content) : undefined;
      out.push({
        api,
        operationId,
        slug: kebab(operationId),
        method: method.toUpperCase(),
        path,
        summary: (operation.summary as string | undefined) ?? operationId,
        description: operation.description as string | undefined,
        tag: ((operation.tags as string[] | undefined) ?? ["Other"])[0] ?? "Other",
        parameters: ((operation.parameters as Parameter[] | undefined) ?? []).map((parameter) => ({
          ...parameter,
          required: parameter.required ?? false,
          schema: parameter.schema ?? {},
        })),
        ...(bodyContent?.schema
          ? {
              requestBody: {
                contentType: bodyContent.contentType,
                schema: bodyContent.schema,
                example: bodyContent.example,
                required: (body?.required as boolean | undefined) ?? false,
              },
            }
          : {}),
        responses: Object.entries((operation.responses as Record<string, Json> | undefined) ?? {}).map(
          ([status, response]) => {
            const content = firstContent(response.content);
            return {
              status,
              description: (response.description as string | undefined) ?? "",
              ...(content ? content : {}),
              ...(Array.isArray(response["x-error-codes"])
                ? { errorCodes: response["x-error-codes"] as string[] }
                : {}),
              headers: Object.entries((response.headers as Record<string, Json> | undefined) ?? {}).map(
                ([name, header]) => ({ name, description: (header.description as string | undefined) ?? "" }),
              ),
            };
          },
        ),
        security: [
          ...new Set(
            ((operation.security as Array<Record<string, unknown>> | undefined) ?? []).flatMap((entry) =>
              Object.keys(entry),
            ),
          ),
        ],
        ...(typeof operation["x-permission"] === "string" ? { permission: operation["x-permission"] } : {}),
      });
    }
  }
  return out;
}

function load(
  id: ApiId,
  raw: Json,
  overrides: { title: string; baseUrl: string; webhooks?: boolean },
): ApiDocument {
  const resolve = resolver(raw);
  const info = raw.info as { description?: string };
  const items = (overrides.webhooks ? raw.webhooks : raw.paths) as Record<string, Json>;
  const operations = operationsOf(id, items, resolve);
  // In the order the document lists its operations; descriptions from its `tags` where given.
  const declared = (raw.tags as Array<{ name: string; description?: string }> | undefined) ?? [];
  const tags = [...new Set(operations.map((operation) => operation.tag))].map(
    (name) => declared.find((tag) => tag.name === name) ?? { name },
  );
  return {
    id,
    title: overrides.title,
    description: info.description ?? "",
    baseUrl: overrides.baseUrl,
    operations,
    tags,
    securitySchemes: ((raw.components as Json | undefined)?.securitySchemes as Record<string, Json>) ?? {},
    raw,
  };
}

const root = fileURLToPath(new URL("../../", import.meta.url));
const WRITE_OPENAPI = join(root, "../gateway-worker/scripts/write-openapi.ts");
/** Written by every build (and dev server start); git ignores it. */
export const ADMIN_DOCUMENT_FILE = join(root, "public/openapi.json");

let cached: { admin: Json; gateway: Json } | undefined;

/** The admin document, rebuilt from the Worker's routes, and the gateway document. */
export function loadDocuments(): { admin: Json; gateway: Json } {
  if (cached) return cached;
  mkdirSync(dirname(ADMIN_DOCUMENT_FILE), { recursive: true });
  execFileSync(process.execPath, [WRITE_OPENAPI, ADMIN_DOCUMENT_FILE], { stdio: "ignore" });
  cached = {
    admin: JSON.parse(readFileSync(ADMIN_DOCUMENT_FILE, "utf8")) as Json,
    gateway: gatewayDocument(DEMO_UPSTREAM_OPENAPI as unknown as Json),
  };
  return cached;
}

/** Where samples send requests when the build is not told (DOCS_GATEWAY_URL): your edge hostname. */
export const GATEWAY_BASE_URL = process.env.DOCS_GATEWAY_URL ?? "https://api.example.com";
export const ADMIN_BASE_URL = `${process.env.DOCS_ADMIN_URL ?? "https://console.example.com"}/api`;

export function loadApis(): Record<ApiId, ApiDocument> {
  const { admin, gateway } = loadDocuments();
  return {
    gateway: load("gateway", gateway, { title: "Gateway API", baseUrl: `${GATEWAY_BASE_URL}/v1` }),
    admin: load("admin", admin, { title: "Admin API", baseUrl: ADMIN_BASE_URL }),
    webhooks: load("webhooks", admin, { title: "Webhook events", baseUrl: "", webhooks: true }),
  };
}
