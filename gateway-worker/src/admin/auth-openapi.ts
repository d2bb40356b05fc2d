// better-auth serves /api/auth/* itself and describes its enabled endpoints (its openAPI plugin).
// This folds that description into the admin API's document, so one document covers every route:
// paths move under /auth, error answers take the shared envelope (authHandler rewrites them),
// security names the session cookie, and the rules this platform sets (password length, roles)
// replace the library's generic wording.
import { describeAuthApi, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "../auth/better-auth.ts";
import { MEMBER_ROLES } from "../db/schema/auth.ts";

type Json = Record<string, unknown>;
interface Operation extends Json {
  tags?: string[];
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

const password = (description: string): JsonSchema => ({
  type: "string",
  minLength: MIN_PASSWORD_LENGTH,
  maxLength: MAX_PASSWORD_LENGTH,
  description,
});

const role: JsonSchema = { type: "string", enum: [...MEMBER_ROLES], description: "The member's role" };

/** Body properties whose schema this platform states more exactly than the library does. */
const BODY_PATCHES: Record<string, Record<string, JsonSchema>> = {
  "/sign-up/email": { password: password("The new account's password") },
  "/change-password": { newPassword: password("The new password") },
  "/organization/invite-member": { role },
  "/organization/update-member-role": { role },
};

function patchBody(path: string, operation: Operation): void {
  const patches = BODY_PATCHES[path];
  const properties = operation.requestBody?.content?.["application/json"]?.schema?.properties;
  if (!patches || !properties) return;
  for (const [name, schema] of Object.entries(patches)) {
    if (name in properties) properties[name] = schema;
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
  patchBody(path, operation);
  return {
    ...operation,
    tags: [tag?.name ?? "Authentication"],
    security: PUBLIC_PATHS.has(path) ? [] : [{ sessionCookie: [] }],
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
