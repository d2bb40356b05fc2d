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

/**
 * Each better-auth operation's stable id and summary. The library names some operations and not
 * others, and its names may change between versions; these are the ones the reference's URLs and
 * generated SDKs use. A better-auth endpoint missing here fails the document build (and its test).
 */
const OPERATIONS: Record<string, { operationId: string; summary: string }> = {
  "GET /get-session": { operationId: "getSession", summary: "Get the current session" },
  "POST /get-session": { operationId: "getSessionPost", summary: "Get the current session (POST)" },
  "POST /sign-up/email": { operationId: "signUpEmail", summary: "Create an account with email and password" },
  "POST /sign-in/email": { operationId: "signInEmail", summary: "Sign in with email and password" },
  "POST /sign-out": { operationId: "signOut", summary: "Sign out" },
  "POST /verify-password": { operationId: "verifyPassword", summary: "Check the current user's password" },
  "POST /change-password": { operationId: "changePassword", summary: "Change the current user's password" },
  "POST /update-session": { operationId: "updateSession", summary: "Update the current session" },
  "POST /update-user": { operationId: "updateUser", summary: "Update the current user's profile" },
  "GET /list-sessions": { operationId: "listSessions", summary: "List the current user's sessions" },
  "POST /revoke-session": { operationId: "revokeSession", summary: "Revoke one of the user's sessions" },
  "POST /revoke-sessions": { operationId: "revokeSessions", summary: "Revoke all of the user's sessions" },
  "POST /revoke-other-sessions": {
    operationId: "revokeOtherSessions",
    summary: "Revoke the user's sessions except this one",
  },
  "GET /ok": { operationId: "checkAuth", summary: "Check the auth service answers" },
  "GET /error": { operationId: "getAuthError", summary: "The auth service's error page" },
  "POST /organization/create": { operationId: "createOrganization", summary: "Create an organization" },
  "POST /organization/update": {
    operationId: "updateOrganizationProfile",
    summary: "Update an organization (better-auth)",
  },
  "POST /organization/set-active": {
    operationId: "setActiveOrganization",
    summary: "Set the session's active organization",
  },
  "GET /organization/get-organization": {
    operationId: "getMemberOrganization",
    summary: "Get an organization the user belongs to",
  },
  "GET /organization/get-full-organization": {
    operationId: "getFullOrganization",
    summary: "Get an organization with its members and invitations",
  },
  "GET /organization/list": { operationId: "listOrganizations", summary: "List the user's organizations" },
  "POST /organization/invite-member": {
    operationId: "inviteMember",
    summary: "Invite someone to the organization",
  },
  "POST /organization/cancel-invitation": {
    operationId: "cancelInvitation",
    summary: "Cancel an invitation",
  },
  "POST /organization/accept-invitation": {
    operationId: "acceptInvitation",
    summary: "Accept an invitation",
  },
  "GET /organization/get-invitation": { operationId: "getInvitation", summary: "Get an invitation" },
  "POST /organization/reject-invitation": {
    operationId: "rejectInvitation",
    summary: "Reject an invitation",
  },
  "GET /organization/list-invitations": {
    operationId: "listInvitations",
    summary: "List the organization's invitations",
  },
  "GET /organization/get-active-member": {
    operationId: "getActiveMember",
    summary: "Get the user's membership of the active organization",
  },
  "POST /organization/check-slug": { operationId: "checkOrganizationSlug", summary: "Check a slug is free" },
  "POST /organization/remove-member": { operationId: "removeMember", summary: "Remove a member" },
  "POST /organization/update-member-role": {
    operationId: "updateMemberRole",
    summary: "Change a member's role",
  },
  "POST /organization/leave": { operationId: "leaveOrganization", summary: "Leave an organization" },
  "GET /organization/list-user-invitations": {
    operationId: "listUserInvitations",
    summary: "List the invitations sent to the user",
  },
  "GET /organization/list-members": {
    operationId: "listMembers",
    summary: "List the organization's members",
  },
  "GET /organization/get-active-member-role": {
    operationId: "getActiveMemberRole",
    summary: "Get the user's role in the active organization",
  },
  "POST /organization/has-permission": {
    operationId: "checkPermission",
    summary: "Check the user has a permission",
  },
};

const authModel = (name: string) => ({ $ref: `#/components/schemas/Auth${name}` });

/** What the operations whose library description lists only error answers return on success. */
const SUCCESS_RESPONSES: Record<string, JsonSchema> = {
  "/organization/cancel-invitation": authModel("Invitation"),
  "/organization/list-invitations": { type: "array", items: authModel("Invitation") },
  "/organization/check-slug": { type: "object", properties: { status: { type: "boolean" } } },
  "/organization/leave": authModel("Member"),
  "/organization/list-members": {
    type: "object",
    properties: { members: { type: "array", items: authModel("Member") }, total: { type: "integer" } },
  },
  "/organization/get-active-member-role": { type: "object", properties: { role: { type: "string" } } },
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

/**
 * OpenAPI 3.0's `nullable: true` (which better-auth still emits) as the 3.1 type union
 * `type: [T, "null"]`, everywhere in a schema tree.
 */
function withTypeUnions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withTypeUnions);
  if (!value || typeof value !== "object") return value;
  const { nullable, ...rest } = value as Json;
  const out = Object.fromEntries(Object.entries(rest).map(([key, field]) => [key, withTypeUnions(field)]));
  if (nullable !== true) return out;
  if (typeof out.type === "string") return { ...out, type: [out.type, "null"] };
  return { anyOf: [out, { type: "null" }] };
}

/** get-session's answer with the field auth-routes.ts adds (`withOperatorFlag`). */
function withOperatorField(path: string, responses: Record<string, unknown>): void {
  if (path !== "/get-session") return;
  const schema = (responses["200"] as { content?: { "application/json"?: { schema?: JsonSchema } } })
    ?.content?.["application/json"]?.schema;
  if (!schema?.properties) throw new Error("auth-openapi.ts: get-session's answer has no properties");
  schema.properties.operator = {
    type: "boolean",
    description:
      "Whether the user is a platform operator (sees the operator console under /api/operator); false for everyone else",
  };
  const required = (schema.required as string[] | undefined) ?? [];
  if (!required.includes("operator")) schema.required = [...required, "operator"];
}

function adaptOperation(method: string, path: string, operation: Operation): Operation {
  const names = OPERATIONS[`${method.toUpperCase()} ${path}`];
  if (!names) throw new Error(`auth-openapi.ts: no operationId/summary for ${method.toUpperCase()} ${path}`);
  const tag = TAGS[operation.tags?.[0] ?? "Default"] ?? TAGS.Default;
  const responses = Object.fromEntries(
    Object.entries(operation.responses ?? {}).map(([status, response]) => [
      status,
      Number(status) >= 400 ? errorEnvelope(status) : response,
    ]),
  );
  const success = SUCCESS_RESPONSES[path];
  if (success && !Object.keys(responses).some((status) => status.startsWith("2")))
    responses["200"] = { description: "Success", content: { "application/json": { schema: success } } };
  applyInputRules(path, operation);
  withOperatorField(path, responses);
  return withTypeUnions({
    ...operation,
    ...names,
    tags: [tag?.name ?? "Authentication"],
    security: PUBLIC_PATHS.has(path) ? [] : [{ sessionCookie: [] }],
    ...(AUTH_ROUTE_PERMISSIONS[path] ? { "x-permission": AUTH_ROUTE_PERMISSIONS[path] } : {}),
    responses,
  }) as Operation;
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
    schemas: Object.fromEntries(
      names.map((name) => [`Auth${name}`, withTypeUnions(described.components?.schemas?.[name])]),
    ),
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
        adaptOperation(method, path, operation as Operation),
      ]),
    );
  }
  document.components ??= {};
  // Only the models an operation refers to (the library describes its whole database schema).
  const text = JSON.stringify(document);
  const used = Object.entries(auth.components?.schemas ?? {}).filter(([name]) =>
    text.includes(`"#/components/schemas/${name}"`),
  );
  document.components.schemas = { ...document.components.schemas, ...Object.fromEntries(used) };
  document.tags = [...(document.tags ?? []), ...Object.values(TAGS)];
  return admin;
}
