// Account and organization calls to better-auth (/api/auth/*), typed by the same OpenAPI document
// as the rest of the admin API (the Worker describes better-auth's endpoints too). better-auth's
// own client would add a second HTTP layer and error shape for the same few calls.
import { api, unwrap } from "./client.ts";

export async function signIn(input: { email: string; password: string }) {
  return unwrap(api.POST("/auth/sign-in/email", { body: { ...input, rememberMe: true } }));
}

export async function signUp(input: { name: string; email: string; password: string }) {
  return unwrap(api.POST("/auth/sign-up/email", { body: input }));
}

/** Ends this browser's session. */
export async function signOut() {
  return unwrap(api.POST("/auth/sign-out", { body: {} }));
}

/** Ends every session of the user (other browsers and devices included), then this one. */
export async function signOutEverywhere() {
  await unwrap(api.POST("/auth/revoke-sessions", { body: {} }));
  // revoke-sessions removes this session's row too; sign-out clears its cookie. It may already
  // answer 401 for the revoked session, which is the outcome wanted.
  await signOut().catch(() => undefined);
}

export async function setActiveOrganization(organizationId: string) {
  return unwrap(api.POST("/auth/organization/set-active", { body: { organizationId } }));
}

/** A URL-safe slug from a display name; better-auth requires one and it must be unique. */
export function slugify(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  return base === "" ? "org" : base;
}

export async function createOrganization(name: string) {
  // A random suffix keeps two "Acme" organizations from colliding on the slug nobody sees.
  const suffix = crypto.getRandomValues(new Uint32Array(1))[0]?.toString(36) ?? "0";
  return unwrap(
    api.POST("/auth/organization/create", { body: { name, slug: `${slugify(name)}-${suffix}` } }),
  );
}

export async function getInvitation(id: string, signal?: AbortSignal) {
  return unwrap(api.GET("/auth/organization/get-invitation", { params: { query: { id } }, signal }));
}

export async function acceptInvitation(invitationId: string) {
  return unwrap(api.POST("/auth/organization/accept-invitation", { body: { invitationId } }));
}

export async function rejectInvitation(invitationId: string) {
  return unwrap(api.POST("/auth/organization/reject-invitation", { body: { invitationId } }));
}

export const MIN_PASSWORD_LENGTH = 10;

export type SignUpField = "name" | "email" | "password" | "organization";

/** Checks made before anything is sent (the API repeats them, and more): field → message. */
export function validateSignUp(
  values: Partial<Record<SignUpField, string>>,
  fields: readonly SignUpField[],
): Partial<Record<SignUpField, string>> {
  const errors: Partial<Record<SignUpField, string>> = {};
  for (const field of fields) {
    if ((values[field]?.trim() ?? "") === "") errors[field] = "is required";
  }
  const email = values.email?.trim();
  if (fields.includes("email") && email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    errors.email = "must be an email address";
  }
  if (fields.includes("password") && values.password && values.password.length < MIN_PASSWORD_LENGTH) {
    errors.password = `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  }
  return errors;
}
