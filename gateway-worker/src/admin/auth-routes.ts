// /api/auth/* — better-auth's handler (sign-up, sign-in, sign-out, sessions, password change,
// organizations, members, invitations, active organization). Its error answers are rewritten
// into the shared envelope so clients see one error shape everywhere. The main operations are
// described in the OpenAPI document (`registerAuthPaths`).
import { ApiError, type ErrorCode } from "@edgegate/shared/errors";
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { createAuth } from "../auth/better-auth.ts";
import type { AppEnv } from "../context.ts";
import { errorResponses } from "./schemas.ts";

const STATUS_CODES: Record<number, ErrorCode> = {
  400: "BAD_REQUEST",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  409: "CONFLICT",
  413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE",
  422: "CONFLICT",
  429: "RATE_LIMITED",
};

export async function authHandler(c: Context<AppEnv>): Promise<Response> {
  const response = await createAuth(c.var.services, c.req.raw).handler(c.req.raw);
  if (response.status < 400) return response;
  const code = STATUS_CODES[response.status] ?? (response.status >= 500 ? "INTERNAL_ERROR" : "BAD_REQUEST");
  let message: string | undefined;
  try {
    const body = (await response.clone().json()) as { message?: unknown; code?: unknown };
    if (typeof body.message === "string" && body.message) message = body.message;
    if (typeof body.code === "string" && message) message = `${message} (${body.code})`;
  } catch {}
  const headers: Record<string, string> = {};
  const retryAfter = response.headers.get("X-Retry-After") ?? response.headers.get("Retry-After");
  if (retryAfter) headers["Retry-After"] = retryAfter;
  throw new ApiError(code, code === "RATE_LIMITED" ? "Too many attempts; retry later." : message, {
    headers,
  });
}

const credentials = z.object({ email: z.string().email(), password: z.string().min(10).max(128) });
const userSchema = z
  .object({ id: z.string(), name: z.string(), email: z.string(), emailVerified: z.boolean() })
  .openapi("User");

/** Documents better-auth's main endpoints (it serves them itself). */
export function registerAuthPaths(admin: OpenAPIHono<AppEnv>): void {
  const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });
  const errors = errorResponses(400, 401, 403);
  const rateLimited = {
    429: {
      description: "Too many attempts from this IP",
      ...json(errorResponses(400)[400].content["application/json"].schema),
    },
  };
  const paths = [
    {
      path: "/auth/sign-up/email",
      summary: "Create an account (signs in)",
      body: credentials.extend({ name: z.string().min(1).max(100) }).openapi("SignUp"),
      response: z.object({ token: z.string().nullable(), user: userSchema }),
    },
    {
      path: "/auth/sign-in/email",
      summary: "Sign in; sets the HttpOnly session cookie",
      body: credentials.extend({ rememberMe: z.boolean().optional() }).openapi("SignIn"),
      response: z.object({ token: z.string(), user: userSchema }),
    },
    {
      path: "/auth/sign-out",
      summary: "Sign out this session",
      body: null,
      response: z.object({ success: z.boolean() }),
    },
    {
      path: "/auth/revoke-sessions",
      summary: "Sign out everywhere",
      body: null,
      response: z.object({ status: z.boolean() }),
    },
    {
      path: "/auth/change-password",
      summary: "Change the password",
      body: z.object({
        currentPassword: z.string(),
        newPassword: z.string().min(10).max(128),
        revokeOtherSessions: z.boolean().optional(),
      }),
      response: z.object({ user: userSchema }),
    },
    {
      path: "/auth/organization/create",
      summary: "Create an organization (the caller becomes its owner; it becomes active)",
      body: z.object({ name: z.string(), slug: z.string() }),
      response: z.object({ id: z.string(), name: z.string(), slug: z.string() }),
    },
    {
      path: "/auth/organization/set-active",
      summary: "Switch the active organization",
      body: z.object({ organizationId: z.string().nullable() }),
      response: z.object({ id: z.string() }).passthrough(),
    },
    {
      path: "/auth/organization/invite-member",
      summary: "Invite a member (owner/admin)",
      body: z.object({ email: z.string().email(), role: z.enum(["admin", "developer", "viewer"]) }),
      response: z.object({ id: z.string() }).passthrough(),
    },
    {
      path: "/auth/organization/accept-invitation",
      summary: "Accept an invitation",
      body: z.object({ invitationId: z.string() }),
      response: z.object({}).passthrough(),
    },
    {
      path: "/auth/organization/update-member-role",
      summary: "Change a member's role (owner/admin)",
      body: z.object({ memberId: z.string(), role: z.enum(["owner", "admin", "developer", "viewer"]) }),
      response: z.object({}).passthrough(),
    },
    {
      path: "/auth/organization/remove-member",
      summary: "Remove a member (owner/admin)",
      body: z.object({ memberIdOrEmail: z.string() }),
      response: z.object({}).passthrough(),
    },
  ];
  for (const op of paths) {
    admin.openAPIRegistry.registerPath({
      method: "post",
      path: op.path,
      tags: ["Authentication"],
      summary: op.summary,
      ...(op.body ? { request: { body: { required: true, ...json(op.body) } } } : {}),
      responses: { 200: { description: "OK", ...json(op.response) }, ...errors, ...rateLimited },
    });
  }
  admin.openAPIRegistry.registerPath({
    method: "get",
    path: "/auth/get-session",
    tags: ["Authentication"],
    summary: "The current session and user (null when signed out)",
    responses: {
      200: {
        description: "OK",
        ...json(
          z
            .object({
              session: z
                .object({ id: z.string(), activeOrganizationId: z.string().nullable() })
                .passthrough(),
              user: userSchema,
            })
            .nullable(),
        ),
      },
    },
  });
}
