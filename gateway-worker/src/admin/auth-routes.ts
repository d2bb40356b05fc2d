// /api/auth/* — better-auth's handler (sign-up, sign-in, sign-out, sessions, password change,
// organizations, members, invitations, active organization). Its error answers are rewritten
// into the shared envelope so clients see one error shape everywhere. The OpenAPI document
// describes every enabled endpoint (auth-openapi.ts); auth-input.ts validates input first.
import { ApiError, type ErrorCode } from "@edgegate/shared/errors";
import type { Context } from "hono";
import { AUTH_BASE_PATH, createAuth, isDisabledAuthPath } from "../auth/better-auth.ts";
import { operatorSource } from "../auth/operators.ts";
import type { AppEnv } from "../context.ts";
import { guardAuthInput } from "./auth-input.ts";

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

/**
 * get-session's answer carries `operator: true|false` (does this user see the operator console?).
 * The SPA already loads it before every signed-in page, so the sidebar knows without another
 * request; the flag costs no query for OPERATOR_EMAILS and one indexed lookup for granted ones.
 */
async function withOperatorFlag(c: Context<AppEnv>, response: Response): Promise<Response> {
  const body = (await response.clone().json()) as { user?: { id: string; email: string } } | null;
  if (!body?.user) return response;
  const operator = (await operatorSource(c.var.services, body.user)) !== null;
  const headers = new Headers(response.headers);
  headers.delete("Content-Length");
  return new Response(JSON.stringify({ ...body, operator }), { status: response.status, headers });
}

export async function authHandler(c: Context<AppEnv>): Promise<Response> {
  // better-auth refuses disabled paths by exact match only; ours include parameterised ones.
  const path = c.req.path.slice(AUTH_BASE_PATH.length);
  if (isDisabledAuthPath(path)) {
    throw new ApiError("NOT_FOUND", "This authentication endpoint is not offered.");
  }
  await guardAuthInput(c, path);
  const response = await createAuth(c.var.services, c.req.raw).handler(c.req.raw);
  if (response.status < 400) return path === "/get-session" ? withOperatorFlag(c, response) : response;
  let code = STATUS_CODES[response.status] ?? (response.status >= 500 ? "INTERNAL_ERROR" : "BAD_REQUEST");
  let message: string | undefined;
  try {
    const body = (await response.clone().json()) as { message?: unknown; code?: unknown };
    if (typeof body.message === "string" && body.message) message = body.message;
    if (typeof body.code === "string" && message) message = `${message} (${body.code})`;
    // better-auth answers 400 for ids it cannot find (INVITATION_NOT_FOUND, MEMBER_NOT_FOUND…),
    // also another organization's; the platform answers those 404 everywhere.
    if (typeof body.code === "string" && body.code.endsWith("_NOT_FOUND")) code = "NOT_FOUND";
    // …and 401 for a signed-in member whose role lacks the right (YOU_ARE_NOT_ALLOWED_TO_DELETE_THIS_MEMBER):
    // that is a 403, as on the admin routes.
    if (typeof body.code === "string" && body.code.startsWith("YOU_ARE_NOT_ALLOWED")) code = "FORBIDDEN";
  } catch {}
  const headers: Record<string, string> = {};
  const retryAfter = response.headers.get("X-Retry-After") ?? response.headers.get("Retry-After");
  if (retryAfter) headers["Retry-After"] = retryAfter;
  throw new ApiError(code, code === "RATE_LIMITED" ? "Too many attempts; retry later." : message, {
    headers,
  });
}
