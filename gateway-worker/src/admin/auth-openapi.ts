// better-auth serves /api/auth/* itself and describes its enabled endpoints (its openAPI plugin).
// This folds that description into the admin API's document, so one document covers every route:
// paths move under /auth, error answers take the shared envelope (authHandler rewrites them),
// security names the session cookie, and the bodies and query strings are the ones this platform
// validates (auth-input.ts), not the library's looser description.
import { z } from "zod";
import { describeAuthApi } from "../auth/better-auth.ts";
import { AUTH_ROUTE_PERMISSIONS } from "../auth/roles.ts";
import { AUTH_BODIES, AUTH_QUERIES } from "./auth-input.ts";

type Json = Record<string, unknown>;
interface Operation extends Json {
  tags?: string[];
  parameters?: Array<{ name: string; in: string; description?: string } & Json>;
  security?: Array<Record<string, string[]>>;
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, unknown>;
}
interface JsonSchema extends Json {
  properties?: Record<string, JsonSchema>;
}
interface OpenApiDocument extends Json {
  paths?: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, unknown> } & Json;
  tags?: Array<{ name: string; description?: string }>;
}

/** Reachable without a session. */
const PUBLIC_PATHS = new Set(["/sign-up/email", "/sign-in/email", "/get-session", "/ok", "/error"]);

const TAGS: Record<string, { name: string; description: string }> = {
  Default: {
    name: "Authentication",
    description: "Accounts and sessions (better-auth). Sessions are HttpOnly cookies.",
  },
  Organization: {
    name: "Organizations",
    description: "Organizations, members, invitations and the active organization (better-auth).",
  },
};

const ERROR_DESCRIPTIONS: Record<string, string> = {
  "400": "Invalid request (the library's reason is in `error.message`)",
  "401": "Not signed in",
  "403": "The caller's role lacks the permission, or a cross-origin state-changing request",
  "404": "Not found (also for another organization's ids)",
  "429": "Too many attempts from this IP; `Retry-After` says when to retry",
  "500": "Internal error",
};

const errorEnvelope = (status: string) => ({
  description: ERROR_DESCRIPTIONS[status] ?? "Error",
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});

/** A schema of auth-input.ts as JSON Schema: what the request must be, as validated. */
function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  const { $schema: _, ...json } = z.toJSONSchema(schema, {
    io: "input",
    unrepresentable: "any",
  }) as JsonSchema;
  return json;
}

/** Keeps the library's description of each field next to the rules this platform enforces. */
function withDescriptions(ours: JsonSchema, theirs: JsonSchema | undefined): JsonSchema {
  const properties = Object.fromEntries(
    Object.entries(ours.properties ?? {}).map(([name, field]) => {
      const description = theirs?.properties?.[name]?.description;
      return [name, description ? { ...field, description } : field];
    }),
  );
  return { ...ours, properties };
}

/** The body and query parameters as auth-input.ts validates them (one declaration of each). */
function applyInputRules(path: string, operation: Operation): void {
  const body = AUTH_BODIES[path];
  const content = operation.requestBody?.content?.["application/json"];
  if (body && content) content.schema = withDescriptions(jsonSchemaOf(body), content.schema);
  const query = AUTH_QUERIES[path];
  if (query) {
    const schema = jsonSchemaOf(query);
    const described = new Map((operation.parameters ?? []).map((p) => [p.name, p.description]));
    operation.parameters = Object.entries(schema.properties ?? {}).map(([name, field]) => ({
      name,
      in: "query",
      required: (schema.required as string[] | undefined)?.includes(name) ?? false,
      schema: field,
      ...(described.get(name) ? { description: described.get(name) } : {}),
    }));
  }
}

function adaptOperation(path: string, operation: Operation): Operation {
  const tag = TAGS[operation.tags?.[0] ?? "Default"] ?? TAGS.Default;
  const responses = Object.fromEntries(
    Object.entries(operation.responses ?? {}).map(([status, response]) => [
      status,
      Number(status) >= 400 ? errorEnvelope(status) : response,
    ]),
  );
  applyInputRules(path, operation);
  return {
    ...operation,
    tags: [tag?.name ?? "Authentication"],
    security: PUBLIC_PATHS.has(path) ? [] : [{ sessionCookie: [] }],
    ...(AUTH_ROUTE_PERMISSIONS[path] ? { "x-permission": AUTH_ROUTE_PERMISSIONS[path] } : {}),
    responses,
  };
}

/**
 * better-auth's description with its component schemas renamed `Auth<Name>` (its Organization
 * model is not the admin API's Organization) and every reference to them rewritten.
 */
async function describeAuthApiPrefixed(): Promise<OpenApiDocument> {
  const described = (await describeAuthApi()) as unknown as OpenApiDocument;
  const names = Object.keys(described.components?.schemas ?? {});
  let text = JSON.stringify(described);
  for (const name of names)
    text = text.replaceAll(`"#/components/schemas/${name}"`, `"#/components/schemas/Auth${name}"`);
  const renamed = JSON.parse(text) as OpenApiDocument;
  renamed.components = {
    schemas: Object.fromEntries(names.map((name) => [`Auth${name}`, described.components?.schemas?.[name]])),
  };
  return renamed;
}

/** Adds better-auth's endpoints and models to the admin API's document (mutated and returned). */
export async function withAuthPaths<T extends object>(admin: T): Promise<T> {
  // Both documents are plain JSON here; their libraries' types do not share a common one.
  const document = admin as OpenApiDocument;
  const auth = await describeAuthApiPrefixed();
  document.paths ??= {};
  for (const [path, operations] of Object.entries(auth.paths ?? {})) {
    document.paths[`/auth${path}`] = Object.fromEntries(
      Object.entries(operations).map(([method, operation]) => [
        method,
        adaptOperation(path, operation as Operation),
      ]),
    );
  }
  document.components ??= {};
  document.components.schemas = { ...document.components.schemas, ...auth.components?.schemas };
  document.tags = [...(document.tags ?? []), ...Object.values(TAGS)];
  return admin;
}
