// The admin API's operations as /api/openapi.json describes them, and requests built from that
// description alone — so the tenancy and role sweeps (tenancy-roles.test.ts) cover a route the
// moment it is registered, without anyone listing it.
import { api } from "./helpers.ts";

type Json = Record<string, unknown>;
interface Schema extends Json {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  example?: unknown;
  format?: string;
  minimum?: number;
}
interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: Schema;
}

export interface Operation {
  method: string;
  /** Below /api, with `{param}` placeholders. */
  path: string;
  parameters: Parameter[];
  body?: Schema;
  permission?: string;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Json>>;
  components: { schemas: Record<string, Schema> };
}

export async function loadDocument(): Promise<OpenApiDocument> {
  const response = await api("/openapi.json");
  if (response.status !== 200) throw new Error(`openapi.json: ${response.status}`);
  return (await response.json()) as OpenApiDocument;
}

export function operationsOf(document: OpenApiDocument): Operation[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => {
      const content = (operation.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined)
        ?.content;
      return {
        method: method.toUpperCase(),
        path,
        parameters: (operation.parameters as Parameter[] | undefined) ?? [],
        ...(content?.["application/json"]?.schema
          ? { body: resolve(document, content["application/json"].schema) }
          : {}),
        ...(typeof operation["x-permission"] === "string" ? { permission: operation["x-permission"] } : {}),
      };
    }),
  );
}

export function resolve(document: OpenApiDocument, schema: Schema): Schema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace("#/components/schemas/", "");
  const target = document.components.schemas[name];
  if (!target) throw new Error(`unresolved ${schema.$ref}`);
  return resolve(document, target);
}

/** A parameter or body field that names a stored object (an id, a slug, a session token). */
export const isIdLike = (name: string) => /^id$|Id$|IdOrEmail$|Slug$/.test(name);

/**
 * A plausible value for a field from its schema alone: its example, first enum member, default
 * or a value of its type. `override` supplies ids and anything the caller wants to choose.
 */
export function sample(
  document: OpenApiDocument,
  schema: Schema,
  name: string,
  override: (name: string) => unknown,
): unknown {
  const chosen = override(name);
  if (chosen !== undefined) return chosen;
  const s = resolve(document, schema);
  if (s.example !== undefined) return s.example;
  if (s.enum?.length) return s.enum[0];
  if (s.default !== undefined) return s.default;
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
  if (type === "object" || s.properties) return sampleObject(document, s, override);
  if (type === "array") return [sample(document, s.items ?? {}, `${name}[]`, override)];
  if (type === "integer" || type === "number") return s.minimum ?? 1;
  if (type === "boolean") return false;
  if (s.format === "email") return `sweep-${crypto.randomUUID()}@example.test`;
  if (s.format === "date-time") return new Date(Date.now() + 86_400_000).toISOString();
  return `sweep-${crypto.randomUUID().slice(0, 8)}`;
}

/** The required fields, the id-like ones, and — when none is required — the first field. */
export function sampleObject(
  document: OpenApiDocument,
  schema: Schema,
  override: (name: string) => unknown,
): Json {
  const properties = Object.entries(schema.properties ?? {});
  const required = new Set(schema.required ?? []);
  const chosen = properties.filter(
    ([name]) => required.has(name) || (isIdLike(name) && override(name) !== undefined),
  );
  if (chosen.length === 0 && properties[0]) chosen.push(properties[0]);
  return Object.fromEntries(chosen.map(([name, field]) => [name, sample(document, field, name, override)]));
}

/** The request path with its placeholders filled, plus the query string. */
export function buildPath(operation: Operation, values: (parameter: Parameter) => unknown): string {
  let path = operation.path;
  const query = new URLSearchParams();
  for (const parameter of operation.parameters) {
    const value = values(parameter);
    if (value === undefined) continue;
    if (parameter.in === "path")
      path = path.replace(`{${parameter.name}}`, encodeURIComponent(String(value)));
    if (parameter.in === "query") query.set(parameter.name, String(value));
  }
  const search = query.toString();
  return search ? `${path}?${search}` : path;
}
