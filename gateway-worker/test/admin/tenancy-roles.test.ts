// Issue 13, suite item 3, driven by /api/openapi.json so a new route is covered the day it lands:
// - tenancy: every operation with an id-like path or query parameter (or, for /api/auth/*, body
//   field) is called by organization A with organization B's ids — one id at a time — and must
//   answer 404, or (for reads) a result with nothing of B's in it; B is unchanged afterwards.
//   An id-like parameter with no B fixture below fails the test: add the fixture with the route.
// - roles: every admin operation declares `x-permission`, and every role (viewer, developer,
//   admin, owner sessions and viewer/developer/admin automation tokens) gets exactly what
//   src/auth/roles.ts grants: 403 FORBIDDEN without the permission, never 401/403 with it; the
//   better-auth routes marked with `x-permission` (AUTH_ROUTE_PERMISSIONS) likewise, by session.
// - operators: every /operator/* operation declares `platform:operate` (and nothing else does);
//   signed-out callers, every organization role and every automation token — an operator's own
//   token included — get 404 NOT_FOUND, word for word an unknown path's answer; an operator's
//   session reaches each one. Organization A's owner is an operator throughout, so the tenancy
//   sweep above also shows operator status gives no reach into another organization's routes, and
//   an operator with the viewer role in the role sweep gets only what a viewer gets.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  AUTH_ROUTE_PERMISSIONS,
  can,
  OPERATOR_PERMISSION,
  PERMISSIONS,
  type Permission,
} from "../../src/auth/roles.ts";
import { apiKeys, automationTokens } from "../../src/db/schema/api-keys.ts";
import { auditLogs } from "../../src/db/schema/audit.ts";
import { invitations, type MemberRole, members } from "../../src/db/schema/auth.ts";
import { organizations } from "../../src/db/schema/organizations.ts";
import { services, type TestKey } from "../helpers.ts";
import { deliver, makeEvent } from "../pipeline-helpers.ts";
import { createEndpoint, type DeliveryView, newHook, waitFor } from "../webhooks/helpers.ts";
import {
  api,
  createKey,
  grantOperator,
  memberWithRole,
  operatorWithOrg,
  ownerWithOrg,
  type TestUser,
} from "./helpers.ts";
import {
  buildPath,
  isIdLike,
  loadDocument,
  type OpenApiDocument,
  type Operation,
  operationsOf,
  sample,
  sampleObject,
} from "./openapi-operations.ts";

type Owner = TestUser & { organizationId: string };

interface OrgB {
  organizationId: string;
  slug: string;
  keyId: string;
  tokenId: string;
  requestId: string;
  ownerId: string;
  memberId: string;
  memberUserId: string;
  invitationId: string;
  endpointId: string;
  eventId: string;
  deliveryId: string;
  auditLogId: string;
  sessionToken: string;
  ownerCookie: string;
  /** Strings that must never appear in an answer to organization A. */
  secrets: string[];
}

/** Organization B's object for an id-like field, by field name and route. */
const B_FIXTURES: Array<{ name: RegExp; path?: RegExp; value: (b: OrgB) => string }> = [
  { name: /^organizationId$/, value: (b) => b.organizationId },
  { name: /^organizationSlug$/, value: (b) => b.slug },
  { name: /^invitationId$/, value: (b) => b.invitationId },
  { name: /^id$/, path: /invitation/, value: (b) => b.invitationId },
  { name: /^(memberId|memberIdOrEmail)$/, value: (b) => b.memberId },
  { name: /^(userId|actorId)$/, value: (b) => b.memberUserId },
  { name: /^(keyId|targetId)$/, value: (b) => b.keyId },
  { name: /^id$/, path: /^\/keys\//, value: (b) => b.keyId },
  { name: /^id$/, path: /^\/automation-tokens\//, value: (b) => b.tokenId },
  { name: /^requestId$/, value: (b) => b.requestId },
  { name: /^(endpointId)$/, value: (b) => b.endpointId },
  { name: /^id$/, path: /^\/webhooks\/endpoints\//, value: (b) => b.endpointId },
  { name: /^id$/, path: /^\/webhooks\/deliveries\//, value: (b) => b.deliveryId },
  { name: /^eventId$/, value: (b) => b.eventId },
  { name: /^auditLogId$/, value: (b) => b.auditLogId },
];

function bValue(b: OrgB, path: string, name: string): string | undefined {
  return B_FIXTURES.find((f) => f.name.test(name) && (!f.path || f.path.test(path)))?.value(b);
}

const HOUR = 3_600_000;
/** Values for required non-id fields that their schema's example cannot supply. */
function ordinary(name: string): unknown {
  if (name === "from") return new Date(Date.now() - 24 * HOUR).toISOString();
  if (name === "to") return new Date(Date.now() + 60_000).toISOString();
  if (name === "email") return `sweep-${crypto.randomUUID()}@example.test`;
  return undefined;
}

async function organizationB(): Promise<OrgB> {
  const { db } = services().database;
  const owner = await ownerWithOrg();
  const [org] = await db.select().from(organizations).where(eq(organizations.id, owner.organizationId));
  const key = await createKey(owner.cookie);
  const token = (await (
    await api("/automation-tokens", { cookie: owner.cookie, body: { name: "B's CI", role: "admin" } })
  ).json()) as { token: string; automationToken: { id: string } };
  const developer = await memberWithRole(owner.organizationId, "developer");
  const [member] = await db.select().from(members).where(eq(members.userId, developer.userId));
  const invited = `invitee-${crypto.randomUUID()}@example.test`;
  const invitation = (await (
    await api("/auth/organization/invite-member", {
      cookie: owner.cookie,
      body: { email: invited, role: "viewer" },
    })
  ).json()) as { id: string };
  const event = makeEvent({ organizationId: owner.organizationId, keyId: key.apiKey.id } as TestKey);
  await deliver([event]);
  // A webhook endpoint with one delivery (a test event), and the audit entry that caused it.
  const { endpoint } = await createEndpoint(owner.cookie, { url: (await newHook()).url });
  const { eventId } = (await (
    await api(`/webhooks/endpoints/${endpoint.id}/test`, { cookie: owner.cookie, body: {} })
  ).json()) as { eventId: string };
  const delivery = await waitFor("organization B's test delivery", async () => {
    const page = (await (
      await api(`/webhooks/deliveries?eventId=${eventId}`, { cookie: owner.cookie })
    ).json()) as { data: DeliveryView[] };
    return page.data[0];
  });
  const [audit] = await db
    .select({ id: auditLogs.id })
    .from(auditLogs)
    .where(eq(auditLogs.organizationId, owner.organizationId))
    .limit(1);
  const sessionToken = decodeURIComponent(owner.cookie.split("=")[1] ?? "").split(".")[0] ?? "";
  if (!org || !member || !invitation.id || !audit) throw new Error("organization B is incomplete");
  return {
    organizationId: owner.organizationId,
    slug: org.slug,
    keyId: key.apiKey.id,
    tokenId: token.automationToken.id,
    requestId: event.id,
    ownerId: owner.userId,
    memberId: member.id,
    memberUserId: developer.userId,
    invitationId: invitation.id,
    endpointId: endpoint.id,
    eventId,
    deliveryId: delivery.id,
    auditLogId: audit.id,
    sessionToken,
    ownerCookie: owner.cookie,
    secrets: [
      owner.organizationId,
      org.slug,
      org.name,
      key.apiKey.id,
      key.apiKey.displayPrefix,
      token.automationToken.id,
      event.id,
      endpoint.id,
      eventId,
      delivery.id,
      owner.userId,
      owner.email,
      developer.userId,
      developer.email,
      member.id,
      invitation.id,
      invited,
    ],
  };
}

/** B's stored state that a request from A could have changed. */
async function stateOf(b: OrgB) {
  const { db } = services().database;
  const [key] = await db.select().from(apiKeys).where(eq(apiKeys.id, b.keyId));
  const [token] = await db.select().from(automationTokens).where(eq(automationTokens.id, b.tokenId));
  const [member] = await db.select().from(members).where(eq(members.id, b.memberId));
  const [invitation] = await db.select().from(invitations).where(eq(invitations.id, b.invitationId));
  const [org] = await db.select().from(organizations).where(eq(organizations.id, b.organizationId));
  return {
    key: { name: key?.name, revokedAt: key?.revokedAt, enabled: key?.enabled, scopes: key?.scopes },
    token: { revokedAt: token?.revokedAt },
    member: { role: member?.role, organizationId: member?.organizationId },
    invitation: { status: invitation?.status },
    org: { name: org?.name, slug: org?.slug, logo: org?.logo },
    // get-session answers 200 with null for a session that is gone.
    ownerSession: (await (await api("/auth/get-session", { cookie: b.ownerCookie })).json()) !== null,
  };
}

/** Request counts anywhere in an answer (analytics totals, breakdown rows, series points). */
function requestCounts(value: unknown): number[] {
  if (Array.isArray(value)) return value.flatMap(requestCounts);
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([name, v]) =>
      (name === "requests" || name === "totalRequests") && typeof v === "number" ? [v] : requestCounts(v),
    );
  }
  return [];
}

describe("the admin API from its OpenAPI document", () => {
  let document: OpenApiDocument;
  let operations: Operation[];
  let a: Owner;
  let aToken: string;
  let b: OrgB;

  beforeAll(async () => {
    document = await loadDocument();
    operations = operationsOf(document);
    // A's owner is a platform operator: nothing of that may reach organization-scoped routes.
    a = await operatorWithOrg();
    aToken = (
      (await (
        await api("/automation-tokens", { cookie: a.cookie, body: { name: "A's CI", role: "admin" } })
      ).json()) as { token: string }
    ).token;
    b = await organizationB();
  }, 60_000);

  it("keeps organization B's objects out of reach of organization A on every operation that takes an id", async () => {
    const before = await stateOf(b);
    const failures: string[] = [];
    let calls = 0;
    // Operator routes span every organization by design; the operator sweep below covers them.
    for (const operation of operations.filter((o) => o.permission !== OPERATOR_PERMISSION)) {
      const label = `${operation.method} ${operation.path}`;
      const idFields = [
        ...operation.parameters
          .filter((p) => (p.in === "path" || p.in === "query") && isIdLike(p.name))
          .map((p) => p.name),
        // Bodies of better-auth's routes name organizations, members and invitations.
        ...Object.keys(operation.body?.properties ?? {}).filter(isIdLike),
      ];
      // The revoke-session body names a session by its token, another kind of id.
      if (operation.path === "/auth/revoke-session") idFields.push("token");
      for (const field of idFields) {
        const value = field === "token" ? b.sessionToken : bValue(b, operation.path, field);
        if (value === undefined) {
          failures.push(`${label}: no organization-B fixture for "${field}" (add one to B_FIXTURES)`);
          continue;
        }
        // This field carries B's id; other id fields only where required (with B's ids too).
        const pick = (name: string, required: boolean) =>
          name === field
            ? value
            : required && isIdLike(name)
              ? bValue(b, operation.path, name)
              : ordinary(name);
        const path = buildPath(
          operation,
          (p) =>
            pick(p.name, p.required === true) ??
            (p.required ? sample(document, p.schema ?? {}, p.name, () => undefined) : undefined),
        );
        const body = operation.body
          ? sampleObject(document, operation.body, (name) =>
              pick(name, operation.body?.required?.includes(name) === true),
            )
          : undefined;
        const callers = operation.path.startsWith("/auth/")
          ? [{ as: "A's owner session", init: { cookie: a.cookie } }]
          : [
              { as: "A's owner session", init: { cookie: a.cookie } },
              { as: "A's admin token", init: { token: aToken } },
            ];
        for (const caller of callers) {
          calls++;
          const response = await api(path, {
            method: operation.method,
            ...(body !== undefined ? { body } : {}),
            ...caller.init,
          });
          const text = await response.text();
          const where = `${label} with B's ${field} as ${caller.as}: ${response.status} ${text.slice(0, 200)}`;
          if (response.status === 404) continue;
          // A field the route does not take at all (organization/create's server-only userId).
          if (response.status === 400 && text.includes(`"path":"${field}","message":"is not a known field"`))
            continue;
          if (operation.method !== "GET" || response.status >= 300) {
            failures.push(`${where} (expected 404)`);
            continue;
          }
          const leaked = b.secrets.filter((secret) => text.includes(secret));
          if (leaked.length) failures.push(`${where} (shows B's ${leaked.join(", ")})`);
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {}
          if (requestCounts(json).some((n) => n > 0)) failures.push(`${where} (counts B's requests)`);
          const data = (json as { data?: unknown[] } | undefined)?.data;
          if (Array.isArray(data) && data.length > 0) failures.push(`${where} (not empty)`);
        }
      }
    }
    console.log(
      `tenancy sweep: ${calls} calls across ${operations.length} operations, ${failures.length} failed`,
    );
    expect(failures).toEqual([]);
    expect(calls).toBeGreaterThanOrEqual(20);
    expect(await stateOf(b)).toEqual(before);
  }, 120_000);

  it("grants every role exactly what src/auth/roles.ts says, on every admin operation", async () => {
    // Public by design: the health check, and Stripe's webhook (authenticated by its signature).
    const publicPaths = new Set(["/health", "/billing/stripe/webhook"]);
    const adminOperations = operations.filter(
      (o) => !o.path.startsWith("/auth/") && !publicPaths.has(o.path) && o.permission !== OPERATOR_PERMISSION,
    );
    expect(adminOperations.length).toBeGreaterThanOrEqual(20);
    // A route without a declared permission would be open to every role: none may exist.
    expect(adminOperations.filter((o) => !PERMISSIONS.includes(o.permission as Permission))).toEqual([]);
    const callers: Array<{ as: string; role: MemberRole; init: { cookie?: string; token?: string } }> = [
      { as: "owner session", role: "owner", init: { cookie: a.cookie } },
    ];
    // An operator is only a viewer here: being an operator must add nothing.
    const operatorViewer = await memberWithRole(a.organizationId, "viewer");
    await grantOperator(operatorViewer.userId);
    callers.push({
      as: "viewer session of an operator",
      role: "viewer",
      init: { cookie: operatorViewer.cookie },
    });
    for (const role of ["admin", "developer", "viewer"] as const) {
      const member = await memberWithRole(a.organizationId, role);
      callers.push({ as: `${role} session`, role, init: { cookie: member.cookie } });
      const created = await api("/automation-tokens", {
        cookie: a.cookie,
        body: { name: `sweep ${role}`, role },
      });
      callers.push({
        as: `${role} token`,
        role,
        init: { token: ((await created.json()) as { token: string }).token },
      });
    }
    const failures: string[] = [];
    let calls = 0;
    for (const operation of adminOperations) {
      const permission = operation.permission as Permission;
      // Ids that exist nowhere: the permission is checked before anything is looked up.
      const path = buildPath(operation, (p) =>
        p.in === "path"
          ? p.name === "requestId"
            ? "0193a1b2-c3d4-7e5f-8a6b-1c2d3e4f5a6b"
            : "sweep-missing"
          : p.required
            ? (ordinary(p.name) ?? sample(document, p.schema ?? {}, p.name, () => undefined))
            : undefined,
      );
      for (const caller of callers) {
        const body = operation.body ? sampleObject(document, operation.body, ordinary) : undefined;
        calls++;
        const response = await api(path, {
          method: operation.method,
          ...(body !== undefined ? { body } : {}),
          ...caller.init,
        });
        const text = await response.text();
        const where = `${operation.method} ${operation.path} (${permission}) as ${caller.as}: ${response.status} ${text.slice(0, 160)}`;
        if (can(caller.role, permission)) {
          if (response.status === 401 || response.status === 403 || response.status >= 500)
            failures.push(where);
        } else if (response.status !== 403 || !text.includes('"FORBIDDEN"')) {
          failures.push(`${where} (expected 403 FORBIDDEN)`);
        }
      }
    }
    console.log(
      `role sweep: ${calls} calls, ${adminOperations.length} operations x ${callers.length} callers, ${failures.length} failed`,
    );
    expect(failures).toEqual([]);
  }, 120_000);

  it("grants better-auth's organization and member routes as src/auth/roles.ts says", async () => {
    const guarded = operations.filter((o) => o.path.startsWith("/auth/") && o.permission);
    expect(guarded.map((o) => o.path).sort()).toEqual(
      Object.keys(AUTH_ROUTE_PERMISSIONS)
        .map((path) => `/auth${path}`)
        .sort(),
    );
    const { db } = services().database;
    // A fresh object of A's for each call, so one caller's change cannot decide the next one's answer.
    const freshInvitation = async () =>
      (
        (await (
          await api("/auth/organization/invite-member", {
            cookie: a.cookie,
            body: { email: `sweep-${crypto.randomUUID()}@example.test`, role: "viewer" },
          })
        ).json()) as { id: string }
      ).id;
    const freshMember = async () => {
      const user = await memberWithRole(a.organizationId, "viewer");
      const [row] = await db.select().from(members).where(eq(members.userId, user.userId));
      return row?.id;
    };
    const failures: string[] = [];
    for (const role of ["viewer", "developer", "admin", "owner"] as const) {
      const cookie = role === "owner" ? a.cookie : (await memberWithRole(a.organizationId, role)).cookie;
      for (const operation of guarded) {
        const values: Record<string, unknown> = {
          invitationId: await freshInvitation(),
          memberId: await freshMember(),
          memberIdOrEmail: await freshMember(),
          email: `sweep-${crypto.randomUUID()}@example.test`,
          role: "viewer",
          data: { name: `Renamed by ${role}` },
        };
        const body = sampleObject(document, operation.body ?? {}, (name) => values[name]);
        const response = await api(operation.path, { method: operation.method, body, cookie });
        const text = await response.text();
        const where = `${operation.path} (${operation.permission}) as ${role}: ${response.status} ${text.slice(0, 160)}`;
        if (can(role, operation.permission as Permission)) {
          if (response.status === 401 || response.status === 403 || response.status >= 500)
            failures.push(where);
        } else if (response.status !== 403 || !text.includes('"FORBIDDEN"')) {
          failures.push(`${where} (expected 403 FORBIDDEN)`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it("answers 404 on every operator route to everyone but an operator's session", async () => {
    const operatorOperations = operations.filter((o) => o.permission === OPERATOR_PERMISSION);
    expect(operatorOperations.length).toBeGreaterThanOrEqual(1);
    // One prefix, one permission: both ways.
    expect(operatorOperations.filter((o) => !o.path.startsWith("/operator/"))).toEqual([]);
    expect(
      operations.filter((o) => o.path.startsWith("/operator/") && o.permission !== OPERATOR_PERMISSION),
    ).toEqual([]);
    const callers: Array<{ as: string; init: { cookie?: string; token?: string } }> = [
      { as: "signed out", init: {} },
      // A is an operator, but a token is never one (tokens belong to an organization).
      { as: "an operator's admin token", init: { token: aToken } },
      { as: "another organization's owner", init: { cookie: b.ownerCookie } },
    ];
    for (const role of ["owner", "admin", "developer", "viewer"] as const) {
      const member = await memberWithRole(a.organizationId, role);
      callers.push({ as: `${role} session`, init: { cookie: member.cookie } });
    }
    for (const role of ["admin", "developer", "viewer"] as const) {
      const created = await api("/automation-tokens", {
        cookie: a.cookie,
        body: { name: `op sweep ${role}`, role },
      });
      callers.push({
        as: `${role} token`,
        init: { token: ((await created.json()) as { token: string }).token },
      });
    }
    const failures: string[] = [];
    let calls = 0;
    for (const operation of operatorOperations) {
      // Real ids for the operator (so it reaches the handler), nowhere-ids for the others.
      const pathFor = (real: boolean) =>
        buildPath(operation, (p) =>
          p.in === "path"
            ? p.name === "organizationId" && real
              ? b.organizationId
              : "sweep-missing"
            : p.required
              ? (ordinary(p.name) ?? sample(document, p.schema ?? {}, p.name, () => undefined))
              : undefined,
        );
      const body = operation.body ? sampleObject(document, operation.body, ordinary) : undefined;
      const send = (path: string, init: { cookie?: string; token?: string }) =>
        api(path, { method: operation.method, ...(body !== undefined ? { body } : {}), ...init });
      for (const caller of callers) {
        calls++;
        const path = pathFor(false);
        const response = await send(path, caller.init);
        const text = await response.text();
        const unknownPath = `"message":"No route for ${operation.method} /api${path.split("?")[0]}."`;
        if (response.status !== 404 || !text.includes('"NOT_FOUND"') || !text.includes(unknownPath)) {
          failures.push(
            `${operation.method} ${operation.path} as ${caller.as}: ${response.status} ${text.slice(0, 160)} (expected an unknown path's 404)`,
          );
        }
      }
      calls++;
      const response = await send(pathFor(true), { cookie: a.cookie });
      if (
        response.status === 401 ||
        response.status === 403 ||
        response.status === 404 ||
        response.status >= 500
      ) {
        failures.push(
          `${operation.method} ${operation.path} as the operator: ${response.status} ${(await response.text()).slice(0, 160)}`,
        );
      }
    }
    console.log(
      `operator sweep: ${calls} calls across ${operatorOperations.length} operations, ${failures.length} failed`,
    );
    expect(failures).toEqual([]);
  }, 120_000);
});
