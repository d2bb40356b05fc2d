// Ids in /api/auth/* requests must name the caller's own things, checked before better-auth
// runs: an organization the caller belongs to, a member or user of that organization (the one
// named, else the active one), an invitation of such an organization or addressed to the
// caller, one of the caller's own sessions. Anything else answers 404 — what every admin route
// answers for another organization's ids — where better-auth would answer 403 (confirming the
// id exists), 200 doing nothing, or, for set-active, 403 after clearing the active organization.
import { ApiError } from "@edgegate/shared/errors";
import { and, eq, or, type SQL, sql } from "drizzle-orm";
import type { Context } from "hono";
import { createAuth } from "../auth/better-auth.ts";
import type { AppEnv } from "../context.ts";
import { invitations, members, sessions, users } from "../db/schema/auth.ts";
import { organizations } from "../db/schema/organizations.ts";

export interface AuthReferences {
  organizationId?: string;
  organizationSlug?: string;
  /** A member id, or (remove-member) a member's e-mail. */
  member?: string;
  userId?: string;
  invitationId?: string;
  sessionToken?: string;
}

const notFound = (what: string) => new ApiError("NOT_FOUND", `No such ${what}.`);

export async function checkAuthReferences(c: Context<AppEnv>, refs: AuthReferences): Promise<void> {
  if (!Object.values(refs).some((value) => value !== undefined)) return;
  const session = await createAuth(c.var.services).api.getSession({ headers: c.req.raw.headers });
  // Not signed in: better-auth answers that (401) itself.
  if (!session) return;
  const { db } = c.var.services.database;
  const exists = async (query: Promise<unknown[]>) => (await query).length > 0;
  const userId = session.user.id;
  const isMember = (organizationId: SQL | string) =>
    sql`exists (select 1 from ${members} where ${members.userId} = ${userId} and ${members.organizationId} = ${organizationId})`;

  let organizationId = session.session.activeOrganizationId ?? null;
  if (refs.organizationId !== undefined || refs.organizationSlug !== undefined) {
    const [row] = await db
      .select({ id: organizations.id })
      .from(organizations)
      .where(
        and(
          refs.organizationId !== undefined
            ? eq(organizations.id, refs.organizationId)
            : eq(organizations.slug, refs.organizationSlug ?? ""),
          isMember(sql`${organizations.id}`),
        ),
      )
      .limit(1);
    if (!row) throw notFound("organization");
    organizationId = row.id;
  }
  if (refs.member !== undefined) {
    const found = await exists(
      db
        .select({ id: members.id })
        .from(members)
        .innerJoin(users, eq(users.id, members.userId))
        .where(
          and(
            eq(members.organizationId, organizationId ?? ""),
            or(eq(members.id, refs.member), eq(users.email, refs.member.toLowerCase())),
          ),
        )
        .limit(1),
    );
    if (!found) throw notFound("member");
  }
  if (refs.userId !== undefined) {
    const found = await exists(
      db
        .select({ id: members.id })
        .from(members)
        .where(and(eq(members.organizationId, organizationId ?? ""), eq(members.userId, refs.userId)))
        .limit(1),
    );
    if (!found) throw notFound("member");
  }
  if (refs.invitationId !== undefined) {
    const found = await exists(
      db
        .select({ id: invitations.id })
        .from(invitations)
        .where(
          and(
            eq(invitations.id, refs.invitationId),
            or(
              sql`lower(${invitations.email}) = ${session.user.email.toLowerCase()}`,
              isMember(sql`${invitations.organizationId}`),
            ),
          ),
        )
        .limit(1),
    );
    if (!found) throw notFound("invitation");
  }
  if (refs.sessionToken !== undefined) {
    const found = await exists(
      db
        .select({ id: sessions.id })
        .from(sessions)
        .where(and(eq(sessions.token, refs.sessionToken), eq(sessions.userId, userId)))
        .limit(1),
    );
    if (!found) throw notFound("session");
  }
}
