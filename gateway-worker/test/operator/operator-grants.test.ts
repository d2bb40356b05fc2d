// Operators granted and revoked by another operator (never by an organization owner), against the
// real Worker and Postgres: the grantee becomes an operator on the next request and stops being
// one on revocation, configured operators are listed but not revocable, nobody revokes themselves,
// everyone else gets an unknown path's 404, hostile bodies get clear 400s, and every change leaves
// its platform audit row.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { platformAuditLogs } from "../../src/db/schema/platform.ts";
import {
  api,
  createKey,
  errorOf,
  memberWithRole,
  operatorWithOrg,
  ownerWithOrg,
  signUp,
  type TestUser,
} from "../admin/helpers.ts";
import { services } from "../helpers.ts";

vi.setConfig({ testTimeout: 90_000 });

type Owner = TestUser & { organizationId: string };

interface Entry {
  userId: string | null;
  email: string;
  source: "config" | "grant";
  revocable: boolean;
  grantedBy: string | null;
  grantedByEmail: string | null;
  grantedAt: string | null;
}

let operator: Owner;

beforeAll(async () => {
  operator = await operatorWithOrg();
}, 120_000);

const isOperator = async (cookie: string) =>
  ((await (await api("/auth/get-session", { cookie })).json()) as { operator: boolean }).operator;

const grant = (email: unknown, cookie = operator.cookie) =>
  api("/operator/operators", { cookie, body: { email } });
const revoke = (userId: string, cookie = operator.cookie) =>
  api(`/operator/operators/${encodeURIComponent(userId)}`, { method: "DELETE", cookie });
async function list(env?: Partial<Env>): Promise<Entry[]> {
  const response = await api("/operator/operators", { cookie: operator.cookie, ...(env ? { env } : {}) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: Entry[] }).data;
}

const auditRows = (action: string, targetId: string) =>
  services()
    .database.db.select()
    .from(platformAuditLogs)
    .where(and(eq(platformAuditLogs.action, action), eq(platformAuditLogs.targetId, targetId)));

describe("granting and revoking", () => {
  it("a grant makes the account an operator and a revocation takes it back, each with its audit row", async () => {
    const grantee = await signUp("Grantee", `Grantee-${crypto.randomUUID()}@Example.test`);
    expect(await isOperator(grantee.cookie)).toBe(false);
    expect((await api("/operator/organizations", { cookie: grantee.cookie })).status).toBe(404);

    // Accounts store e-mails lower-cased; the grant matches whatever case is typed.
    const granted = await grant(grantee.email.toUpperCase());
    expect(granted.status).toBe(201);
    expect(await granted.json()).toMatchObject({
      userId: grantee.userId,
      email: grantee.email.toLowerCase(),
      source: "grant",
      revocable: true,
      grantedBy: operator.userId,
      grantedByEmail: operator.email,
    });
    expect(await isOperator(grantee.cookie)).toBe(true);
    expect((await api("/operator/organizations", { cookie: grantee.cookie })).status).toBe(200);
    expect((await api("/operator/operators", { cookie: grantee.cookie })).status).toBe(200);
    const listed = (await list()).find((e) => e.userId === grantee.userId);
    expect(listed).toMatchObject({ source: "grant", revocable: true, grantedBy: operator.userId });

    // Granting a live operator again is a conflict, not a second grant.
    const again = await grant(grantee.email);
    expect(again.status).toBe(409);
    expect((await errorOf(again)).code).toBe("CONFLICT");

    const [granting] = await auditRows("operator.grant", grantee.userId);
    expect(granting).toMatchObject({
      actorUserId: operator.userId,
      actorEmail: operator.email,
      organizationId: null,
      targetType: "user",
      before: null,
      after: { userId: grantee.userId, email: grantee.email.toLowerCase(), grantedBy: operator.userId },
    });

    expect((await revoke(grantee.userId)).status).toBe(204);
    expect(await isOperator(grantee.cookie)).toBe(false);
    const after = await api("/operator/organizations", { cookie: grantee.cookie });
    expect(after.status).toBe(404);
    expect((await errorOf(after)).message).toBe("No route for GET /api/operator/organizations.");
    expect((await list()).some((e) => e.userId === grantee.userId)).toBe(false);
    const [revoking] = await auditRows("operator.revoke", grantee.userId);
    expect(revoking?.before).toMatchObject({ userId: grantee.userId, grantedBy: operator.userId });
    expect(revoking?.after).toMatchObject({ userId: grantee.userId, revokedAt: expect.any(String) });

    // Revoking twice: there is no live grant left. Granting again works (history stays).
    const twice = await revoke(grantee.userId);
    expect(twice.status).toBe(409);
    expect((await errorOf(twice)).message).toContain("holds no operator grant");
    expect((await grant(grantee.email)).status).toBe(201);
    expect(await isOperator(grantee.cookie)).toBe(true);
  });

  it("a granted operator can grant, but nobody can revoke their own role", async () => {
    const second = await signUp();
    expect((await grant(second.email)).status).toBe(201);
    const third = await signUp();
    expect((await grant(third.email, second.cookie)).status).toBe(201);
    expect((await list()).find((e) => e.userId === third.userId)?.grantedBy).toBe(second.userId);
    const self = await revoke(second.userId, second.cookie);
    expect(self.status).toBe(409);
    expect((await errorOf(self)).message).toContain("your own operator role");
    expect(await isOperator(second.cookie)).toBe(true);
    // Another operator can.
    expect((await revoke(second.userId, third.cookie)).status).toBe(204);
    expect(await isOperator(second.cookie)).toBe(false);
  });

  it("lists OPERATOR_EMAILS operators as configured, and refuses to grant or revoke them here", async () => {
    const listed = await signUp("Configured", `cfg-${crypto.randomUUID()}@example.test`);
    const env = { OPERATOR_EMAILS: `${listed.email}, nobody-yet-${crypto.randomUUID()}@example.test` };
    const entries = await list(env);
    expect(entries[0]).toMatchObject({
      userId: listed.userId,
      source: "config",
      revocable: false,
      grantedAt: null,
    });
    expect(entries[1]).toMatchObject({ userId: null, source: "config", revocable: false });
    const granting = await api("/operator/operators", {
      cookie: operator.cookie,
      env,
      body: { email: listed.email },
    });
    expect(granting.status).toBe(409);
    expect((await errorOf(granting)).message).toContain("OPERATOR_EMAILS");
    const revoking = await api(`/operator/operators/${listed.userId}`, {
      method: "DELETE",
      cookie: operator.cookie,
      env,
    });
    expect(revoking.status).toBe(409);
    expect((await errorOf(revoking)).message).toContain("OPERATOR_EMAILS");
  });

  it("of two grants or two revocations racing, exactly one wins and is recorded", async () => {
    const target = await signUp();
    const grants = await Promise.all([grant(target.email), grant(target.email)]);
    expect(grants.map((r) => r.status).sort()).toEqual([201, 409]);
    const revocations = await Promise.all([revoke(target.userId), revoke(target.userId)]);
    expect(revocations.map((r) => r.status).sort()).toEqual([204, 409]);
    expect(await auditRows("operator.grant", target.userId)).toHaveLength(1);
    expect(await auditRows("operator.revoke", target.userId)).toHaveLength(1);
  });

  it("an unknown e-mail is a 400 that says the account must sign up first", async () => {
    const response = await grant(`nobody-${crypto.randomUUID()}@example.test`);
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.message).toContain("must sign up first");
    expect(error.fields?.[0]?.path).toBe("email");
  });
});

describe("who may manage operators", () => {
  it("an organization owner, a developer, a token and a signed-out caller get an unknown path's 404", async () => {
    const owner = await ownerWithOrg();
    const developer = await memberWithRole(owner.organizationId, "developer");
    const token = (await createKey(owner.cookie)).key;
    const target = await signUp();
    for (const init of [
      { cookie: owner.cookie },
      { cookie: developer.cookie },
      { token },
      { token: "eg_x" },
      {},
    ]) {
      for (const [method, path, body] of [
        ["GET", "/operator/operators", undefined],
        ["POST", "/operator/operators", { email: target.email }],
        ["DELETE", `/operator/operators/${operator.userId}`, undefined],
      ] as const) {
        const response = await api(path, { method, ...init, ...(body ? { body } : {}) });
        expect(response.status, `${method} ${path}`).toBe(404);
        expect((await errorOf(response)).message).toBe(`No route for ${method} /api${path}.`);
      }
    }
    // The owner did not make anyone an operator, nor stop the operator being one.
    expect(await isOperator(target.cookie)).toBe(false);
    expect(await isOperator(operator.cookie)).toBe(true);
  });
});

describe("hostile bodies", () => {
  it("answers malformed, mistyped, oversized and padded bodies with a clear 4xx and grants nothing", async () => {
    const target = await signUp();
    const cases: Array<{ init: Parameters<typeof api>[1]; status: number }> = [
      { init: { rawBody: "{not json" }, status: 400 },
      { init: { body: { email: 42 } }, status: 400 },
      { init: { body: { email: [target.email] } }, status: 400 },
      { init: { body: {} }, status: 400 },
      { init: { body: { email: "not-an-address" } }, status: 400 },
      { init: { body: { email: `${target.email}\u0000` } }, status: 400 },
      { init: { body: { email: target.email, role: "owner" } }, status: 400 },
      { init: { body: { email: `${"a".repeat(300)}@example.test` } }, status: 400 },
      { init: { rawBody: JSON.stringify({ email: "x".repeat(2_000_000) }) }, status: 413 },
      { init: { body: { email: target.email }, contentType: "text/plain" }, status: 415 },
    ];
    for (const { init, status } of cases) {
      const response = await api("/operator/operators", { method: "POST", cookie: operator.cookie, ...init });
      expect(response.status, JSON.stringify(init).slice(0, 80)).toBe(status);
      expect((await errorOf(response)).message.length).toBeGreaterThan(0);
    }
    expect(await isOperator(target.cookie)).toBe(false);
    const longId = await revoke("u".repeat(500));
    expect(longId.status).toBe(400);
  });
});
