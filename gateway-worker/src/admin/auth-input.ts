// The admin API's input rules for better-auth's own routes (/api/auth/*), applied before the
// library sees a request. better-auth accepts unknown fields, any text and any paging values and
// lets some reach Postgres (500 "No values to set", a `javascript:` logo stored, a 20,000-char
// name). Each enabled endpoint that takes input is listed here with a strict schema built from
// the same field declarations as the admin routes (@edgegate/shared/profile-fields).
// The same schemas describe these endpoints in /api/openapi.json (auth-openapi.ts), and the ids
// they carry must name the caller's own things (auth-references.ts).

import { decimalInt, pgText } from "@edgegate/shared/input";
import { imageUrl, organizationName, organizationSlug, userName } from "@edgegate/shared/profile-fields";
import type { Context } from "hono";
import { z } from "zod";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "../auth/better-auth.ts";
import type { AppEnv } from "../context.ts";
import { MEMBER_ROLES } from "../db/schema/auth.ts";
import { validationError } from "../validation.ts";
import { type AuthReferences, checkAuthReferences } from "./auth-references.ts";

const id = pgText().pipe(z.string().min(1).max(128));
const email = z.email("must be an e-mail address").max(254);
const role = z.enum(MEMBER_ROLES);
const newPassword = z.string().min(MIN_PASSWORD_LENGTH).max(MAX_PASSWORD_LENGTH);
const password = z.string().min(1).max(MAX_PASSWORD_LENGTH);
const callbackURL = pgText().pipe(z.string().max(2048)).optional();
const orgRef = { organizationId: id.optional(), organizationSlug: organizationSlug().optional() };
const invitation = z.strictObject({ invitationId: id });
const nonEmpty = (value: object) => Object.keys(value).length > 0;

/** POST bodies, by path below /api/auth. */
export const AUTH_BODIES: Record<string, z.ZodType> = {
  "/sign-up/email": z.strictObject({
    name: userName(),
    email,
    password: newPassword,
    image: imageUrl().optional(),
    callbackURL,
    rememberMe: z.boolean().optional(),
  }),
  "/sign-in/email": z.strictObject({ email, password, callbackURL, rememberMe: z.boolean().optional() }),
  "/update-user": z
    .strictObject({ name: userName().optional(), image: imageUrl().nullable().optional() })
    .refine(nonEmpty, "at least one of name, image is required"),
  "/change-password": z.strictObject({
    newPassword,
    currentPassword: password,
    revokeOtherSessions: z.boolean().optional(),
  }),
  "/revoke-session": z.strictObject({ token: id }),
  "/organization/create": z.strictObject({
    name: organizationName(),
    slug: organizationSlug(),
    logo: imageUrl().optional(),
    keepCurrentActiveOrganization: z.boolean().optional(),
  }),
  "/organization/update": z.strictObject({
    organizationId: id.optional(),
    data: z
      .strictObject({
        name: organizationName().optional(),
        slug: organizationSlug().optional(),
        logo: imageUrl().nullable().optional(),
      })
      .refine(nonEmpty, "at least one of name, slug, logo is required"),
  }),
  "/organization/set-active": z.strictObject({
    organizationId: id.nullable().optional(),
    organizationSlug: organizationSlug().optional(),
  }),
  "/organization/check-slug": z.strictObject({ slug: organizationSlug() }),
  "/organization/invite-member": z.strictObject({
    email,
    role,
    organizationId: id.optional(),
    resend: z.boolean().optional(),
  }),
  "/organization/cancel-invitation": invitation,
  "/organization/accept-invitation": invitation,
  "/organization/reject-invitation": invitation,
  "/organization/remove-member": z.strictObject({ memberIdOrEmail: id, organizationId: id.optional() }),
  "/organization/update-member-role": z.strictObject({ role, memberId: id, organizationId: id.optional() }),
  "/organization/leave": z.strictObject({ organizationId: id }),
};

/** GET query strings, by path below /api/auth. */
export const AUTH_QUERIES: Record<string, z.ZodType> = {
  "/organization/list-members": z.strictObject({
    ...orgRef,
    limit: decimalInt(1, 1000).optional(),
    offset: decimalInt(0, 1_000_000).optional(),
    // Only columns worth sorting or filtering members by; better-auth passes any name to SQL.
    sortBy: z.enum(["createdAt", "role"]).optional(),
    sortDirection: z.enum(["asc", "desc"]).optional(),
    filterField: z.enum(["role"]).optional(),
    filterValue: pgText().pipe(z.string().max(64)).optional(),
    filterOperator: z.enum(["eq", "ne"]).optional(),
  }),
  "/organization/get-full-organization": z.strictObject({
    ...orgRef,
    membersLimit: decimalInt(1, 1000).optional(),
  }),
  "/organization/get-organization": z.strictObject(orgRef),
  "/organization/get-active-member-role": z.strictObject({ ...orgRef, userId: id.optional() }),
  "/organization/list-invitations": z.strictObject({ organizationId: id.optional() }),
  "/organization/get-invitation": z.strictObject({ id }),
  "/organization/list-user-invitations": z.strictObject({ email: email.optional() }),
};

function check(schema: z.ZodType | undefined, input: unknown, target: string): Record<string, unknown> {
  if (!schema) return {};
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw validationError(target, parsed.error);
  return parsed.data as Record<string, unknown>;
}

const text = (value: unknown) => (typeof value === "string" ? value : undefined);

/** Validates an /api/auth/* request (path below AUTH_BASE_PATH) before better-auth runs it. */
export async function guardAuthInput(c: Context<AppEnv>, path: string): Promise<void> {
  const input =
    c.req.method === "POST"
      ? check(AUTH_BODIES[path], c.var.jsonBody ?? {}, "json")
      : check(AUTH_QUERIES[path], c.req.query(), "query");
  const refs: AuthReferences = {
    organizationId: text(input.organizationId),
    organizationSlug: text(input.organizationSlug),
    member: text(input.memberId) ?? text(input.memberIdOrEmail),
    userId: text(input.userId),
    invitationId:
      text(input.invitationId) ?? (path === "/organization/get-invitation" ? text(input.id) : undefined),
    sessionToken: path === "/revoke-session" ? text(input.token) : undefined,
  };
  await checkAuthReferences(c, refs);
}
