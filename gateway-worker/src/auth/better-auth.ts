// better-auth for the admin API: email + password accounts, cookie sessions, organizations
// with the owner/admin/developer/viewer roles (src/auth/roles.ts). Mounted at /api/auth/*.
// It uses the tables in db/schema/auth.ts through the drizzle adapter (plural table names),
// rate limits in Redis (so every isolate shares the counts), and client IPs from
// CF-Connecting-IP only.
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { openAPI, organization } from "better-auth/plugins";
import type { Services } from "../context.ts";
import * as schema from "../db/schema/index.ts";
import { adminRedis } from "../services/admin-redis.ts";
import { type AuditActor, type AuditEntry, writeAudit } from "../services/audit.ts";
import { hashSessionTokens } from "./hashed-session-tokens.ts";
import { organizationAccess } from "./roles.ts";

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 128;

/** Sign-in and sign-up attempts per client IP per minute. */
export const LOGIN_ATTEMPTS_PER_MINUTE = 5;

export const AUTH_BASE_PATH = "/api/auth";

/**
 * better-auth endpoints this platform does not offer, answered 404 and left out of the OpenAPI
 * document: social sign-in and linked accounts (no providers configured), flows that need an
 * e-mail sender (verification, password reset, e-mail change), self-service account deletion
 * and organization deletion (an organization's keys, logs and billing outlive a click), and
 * OAuth token plumbing. Paths with parameters are matched by prefix in `isDisabledAuthPath`.
 */
export const DISABLED_AUTH_PATHS = [
  "/sign-in/social",
  "/callback/:id",
  "/link-social",
  "/unlink-account",
  "/list-accounts",
  "/account-info",
  "/refresh-token",
  "/get-access-token",
  "/verify-email",
  "/send-verification-email",
  "/change-email",
  "/request-password-reset",
  "/reset-password",
  "/reset-password/:token",
  "/delete-user",
  "/delete-user/callback",
  "/organization/delete",
  // The raw, unmerged schema; the admin API serves the merged document at /api/openapi.json.
  "/open-api/generate-schema",
];

/** True for a request path (below AUTH_BASE_PATH) that `DISABLED_AUTH_PATHS` turns off. */
export function isDisabledAuthPath(path: string): boolean {
  return DISABLED_AUTH_PATHS.some((disabled) => {
    const parameter = disabled.indexOf("/:");
    return parameter === -1 ? path === disabled : path.startsWith(`${disabled.slice(0, parameter)}/`);
  });
}

type AuthServices = Pick<Services, "config" | "database" | "redis" | "outbox">;

/**
 * Audit rows for organization changes made through better-auth. The hooks know the target; the
 * acting user is the one named by the hook when it says so, else the request's session user.
 */
function auditHooks(
  services: AuthServices,
  request: Request | undefined,
  sessionUser: () => Promise<AuditActor | null>,
) {
  const write = async (organizationId: string, entry: AuditEntry, actor?: AuditActor | null) => {
    if (!request) return;
    const who = actor ?? (await sessionUser()) ?? { type: "system" as const, id: null, label: null };
    await writeAudit(services, request, organizationId, who, entry);
  };
  const userActor = (user: { id: string; email: string }): AuditActor => ({
    type: "user",
    id: user.id,
    label: user.email,
  });
  return {
    afterCreateOrganization: async ({
      organization,
      user,
    }: {
      organization: { id: string; name: string; slug: string };
      user: { id: string; email: string };
    }) =>
      write(
        organization.id,
        {
          action: "organization.create",
          targetType: "organization",
          targetId: organization.id,
          after: { name: organization.name, slug: organization.slug },
        },
        userActor(user),
      ),
    afterUpdateOrganization: async ({
      organization,
      user,
    }: {
      organization: { id: string; name: string; slug: string } | null;
      user: { id: string; email: string };
    }) => {
      if (organization)
        await write(
          organization.id,
          {
            action: "organization.update",
            targetType: "organization",
            targetId: organization.id,
            after: { name: organization.name, slug: organization.slug },
          },
          userActor(user),
        );
    },
    afterAddMember: async ({
      member,
      organization,
    }: {
      member: { id: string; userId: string; role: string };
      organization: { id: string };
    }) =>
      write(organization.id, {
        action: "member.add",
        targetType: "member",
        targetId: member.id,
        after: { userId: member.userId, role: member.role },
      }),
    afterRemoveMember: async ({
      member,
      organization,
    }: {
      member: { id: string; userId: string; role: string };
      organization: { id: string };
    }) =>
      write(organization.id, {
        action: "member.remove",
        targetType: "member",
        targetId: member.id,
        before: { userId: member.userId, role: member.role },
      }),
    afterUpdateMemberRole: async ({
      member,
      previousRole,
      organization,
    }: {
      member: { id: string; userId: string; role: string };
      previousRole: string;
      organization: { id: string };
    }) =>
      write(organization.id, {
        action: "member.update_role",
        targetType: "member",
        targetId: member.id,
        before: { role: previousRole },
        after: { role: member.role },
      }),
    afterCreateInvitation: async ({
      invitation,
      inviter,
      organization,
    }: {
      invitation: { id: string; email: string; role: string };
      inviter: { id: string; email: string };
      organization: { id: string };
    }) =>
      write(
        organization.id,
        {
          action: "invitation.create",
          targetType: "invitation",
          targetId: invitation.id,
          after: { email: invitation.email, role: invitation.role },
        },
        userActor(inviter),
      ),
    afterAcceptInvitation: async ({
      invitation,
      user,
      organization,
    }: {
      invitation: { id: string; role: string };
      user: { id: string; email: string };
      organization: { id: string };
    }) =>
      write(
        organization.id,
        {
          action: "invitation.accept",
          targetType: "invitation",
          targetId: invitation.id,
          after: { role: invitation.role },
        },
        userActor(user),
      ),
    afterCancelInvitation: async ({
      invitation,
      cancelledBy,
      organization,
    }: {
      invitation: { id: string; email: string };
      cancelledBy: { id: string; email: string };
      organization: { id: string };
    }) =>
      write(
        organization.id,
        {
          action: "invitation.cancel",
          targetType: "invitation",
          targetId: invitation.id,
          before: { email: invitation.email },
        },
        userActor(cancelledBy),
      ),
  };
}

/**
 * What the auth API offers — its paths, password rules and plugins — shared by the serving
 * instance and the OpenAPI description (`describeAuthApi`), so the document cannot drift.
 */
function authSurface(organizationHooks?: ReturnType<typeof auditHooks>) {
  return {
    basePath: AUTH_BASE_PATH,
    disabledPaths: DISABLED_AUTH_PATHS,
    emailAndPassword: {
      enabled: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: MAX_PASSWORD_LENGTH,
      autoSignIn: true,
    },
    plugins: [
      organization({
        ...organizationAccess,
        creatorRole: "owner",
        allowUserToCreateOrganization: true,
        invitationExpiresIn: 7 * 24 * 3600,
        // better-auth asks for a verified e-mail before an invitation can be read or accepted
        // whenever ids come from a custom generator (ours: crypto.randomUUID, below), in case they
        // are guessable. Ours are random v4 UUIDs, the recipient's e-mail must still match the
        // session's, and this platform sends no verification e-mail — so with the default, no
        // invitation could ever be accepted.
        requireEmailVerificationOnInvitation: false,
        disableOrganizationDeletion: true,
        ...(organizationHooks ? { organizationHooks } : {}),
      }),
      openAPI({ disableDefaultReference: true }),
      // A tuple, not an array of either: better-auth types `auth.api` from each plugin's endpoints.
    ] as [ReturnType<typeof organization>, ReturnType<typeof openAPI>],
  };
}

/**
 * better-auth's own OpenAPI description of the enabled endpoints (paths relative to
 * AUTH_BASE_PATH). Built from a storage-less instance: describing endpoints reads no data.
 */
export async function describeAuthApi() {
  const auth = betterAuth({
    ...authSurface(),
    baseURL: "https://admin.invalid",
    secret: "openapi-description-only-no-sessions-are-signed",
    telemetry: { enabled: false },
    logger: { disabled: true },
  });
  return auth.api.generateOpenAPISchema();
}

function createAuthInstance(services: AuthServices, request?: Request) {
  const { config, database } = services;
  const redis = adminRedis(services);
  // Filled in once the instance exists (the hooks need the instance's own session lookup).
  const sessions: {
    lookup?: (headers: Headers) => Promise<{ user: { id: string; email: string } } | null>;
  } = {};
  const adminOrigin = new URL(config.ADMIN_ORIGIN).origin;
  // Secure cookies always, except a development/test stack served over plain http.
  const insecureAllowed = config.ENVIRONMENT !== "production" && adminOrigin.startsWith("http://");
  const auth = betterAuth({
    ...authSurface(
      auditHooks(services, request, async () => {
        if (!request || !sessions.lookup) return null;
        const result = await sessions.lookup(request.headers).catch(() => null);
        return result ? { type: "user", id: result.user.id, label: result.user.email } : null;
      }),
    ),
    appName: "Edgegate",
    baseURL: adminOrigin,
    secret: config.BETTER_AUTH_SECRET,
    trustedOrigins: [adminOrigin],
    // Session tokens are stored as SHA-256 (hashed-session-tokens.ts), never in clear.
    database: hashSessionTokens(
      drizzleAdapter(database.db, { provider: "pg", schema, usePlural: true, transaction: false }),
    ),
    session: { expiresIn: 7 * 24 * 3600, updateAge: 24 * 3600 },
    telemetry: { enabled: false },
    advanced: {
      useSecureCookies: !insecureAllowed,
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax", secure: !insecureAllowed },
      ipAddress: { ipAddressHeaders: ["cf-connecting-ip"] },
      database: { generateId: () => crypto.randomUUID() },
    },
    rateLimit: {
      enabled: true,
      window: 60,
      max: 100,
      customRules: {
        "/sign-in/email": { window: 60, max: LOGIN_ATTEMPTS_PER_MINUTE },
        "/sign-up/email": { window: 60, max: LOGIN_ATTEMPTS_PER_MINUTE },
        "/change-password": { window: 60, max: LOGIN_ATTEMPTS_PER_MINUTE },
      },
      customStorage: {
        async consume(key, rule) {
          const redisKey = `eg:authrl:${key}`;
          try {
            const [count, , ttl] = await redis
              .pipeline()
              .incr(redisKey)
              .expire(redisKey, rule.window, "NX")
              .ttl(redisKey)
              .exec<[number, number, number]>();
            if (count > rule.max) return { allowed: false, retryAfter: Math.max(1, ttl) };
            return { allowed: true, retryAfter: null };
          } catch (error) {
            // Fail closed for login attempts: Redis away must not open brute force.
            console.error("auth rate limit unavailable", error);
            return { allowed: false, retryAfter: 5 };
          }
        },
      },
    },
  });
  sessions.lookup = (headers) => auth.api.getSession({ headers });
  return auth;
}

export type Auth = ReturnType<typeof createAuthInstance>;

/**
 * One instance per request (it holds that request's database client). Pass the request when
 * the instance will serve it, so organization changes are audit-logged with its IP/user agent.
 */
export function createAuth(services: AuthServices, request?: Request): Auth {
  return createAuthInstance(services, request);
}
