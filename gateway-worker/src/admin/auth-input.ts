// The admin API's input rules for better-auth's own routes (/api/auth/*), applied before the
// library sees a request. better-auth accepts unknown fields, any text and any paging values and
// lets some reach Postgres (500 "No values to set", a `javascript:` logo stored, a 20,000-char
// name). Each enabled endpoint that takes input is listed here with a strict schema built from
// the same field declarations as the admin routes (@edgegate/shared/profile-fields).
// Any organization named by id or slug must be one the caller belongs to, else 404 — the same
// answer as every admin route gives for another organization's ids — and a refused request
// changes nothing (better-auth's set-active cleared the active organization on its 403).

import { ApiError } from "@edgegate/shared/errors";
import { decimalInt, pgText } from "@edgegate/shared/input";
import { imageUrl, organizationName, organizationSlug, userName } from "@edgegate/shared/profile-fields";
import { and, eq } from "drizzle-orm";
import type { Context } from "hono";
import { z } from "zod";
import { createAuth, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "../auth/better-auth.ts";
import type { AppEnv } from "../context.ts";
import { MEMBER_ROLES, members } from "../db/schema/auth.ts";
import { organizations } from "../db/schema/organizations.ts";
import { validationError } from "../validation.ts";

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
const BODIES: Record<string, z.ZodType> = {
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
const QUERIES: Record<string, z.ZodType> = {
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

/** 404 unless the signed-in caller is a member of the organization named by id or slug. */
async function requireMembership(c: Context<AppEnv>, ref: { id?: string; slug?: string }): Promise<void> {
  const session = await createAuth(c.var.services).api.getSession({ headers: c.req.raw.headers });
  // Not signed in: better-auth answers that (401) itself.
  if (!session) return;
  const { db } = c.var.services.database;
  const [row] = await db
    .select({ id: members.id })
    .from(members)
    .innerJoin(organizations, eq(organizations.id, members.organizationId))
    .where(
      and(
        eq(members.userId, session.user.id),
        ref.id ? eq(organizations.id, ref.id) : eq(organizations.slug, ref.slug ?? ""),
      ),
    )
    .limit(1);
  if (!row) throw new ApiError("NOT_FOUND", "No such organization.");
}

/** Validates an /api/auth/* request (path below AUTH_BASE_PATH) before better-auth runs it. */
export async function guardAuthInput(c: Context<AppEnv>, path: string): Promise<void> {
  const input =
    c.req.method === "POST"
      ? check(BODIES[path], c.var.jsonBody ?? {}, "json")
      : check(QUERIES[path], c.req.query(), "query");
  const organizationId = input.organizationId;
  const organizationSlug = input.organizationSlug;
  if (typeof organizationId === "string" || typeof organizationSlug === "string") {
    await requireMembership(c, {
      ...(typeof organizationId === "string" ? { id: organizationId } : {}),
      ...(typeof organizationSlug === "string" ? { slug: organizationSlug } : {}),
    });
  }
}
