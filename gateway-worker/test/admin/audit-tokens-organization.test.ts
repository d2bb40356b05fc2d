// The audit log list, automation tokens and organization settings: happy paths, validation,
// 401, wrong role 403, and other organizations' ids 404.
import { beforeAll, describe, expect, it } from "vitest";
import { services } from "../helpers.ts";
import { deliver, makeEvent, recentBase } from "../pipeline-helpers.ts";
import { api, createKey, errorOf, memberWithRole, ownerWithOrg, type TestUser } from "./helpers.ts";

type Owner = TestUser & { organizationId: string };
let owner: Owner;
let other: Owner;
let viewer: TestUser;
let developer: TestUser;
let admin: TestUser;

beforeAll(async () => {
  [owner, other] = await Promise.all([ownerWithOrg(), ownerWithOrg()]);
  [viewer, developer, admin] = await Promise.all([
    memberWithRole(owner.organizationId, "viewer"),
    memberWithRole(owner.organizationId, "developer"),
    memberWithRole(owner.organizationId, "admin"),
  ]);
});

interface AuditPage {
  data: { id: string; action: string; targetId: string; actorType: string; actorLabel: string }[];
  nextCursor: string | null;
}

describe("GET /api/audit-logs", () => {
  it("filters by action and target, paginates, and shows only the caller's organization", async () => {
    const a = await createKey(owner.cookie);
    const b = await createKey(owner.cookie);
    await api(`/keys/${a.apiKey.id}`, {
      cookie: owner.cookie,
      method: "PATCH",
      body: { name: `${a.apiKey.name}-2` },
    });
    const page1 = (await (await api("/audit-logs?limit=2", { cookie: viewer.cookie })).json()) as AuditPage;
    expect(page1.data.map((e) => e.action)).toEqual(["api_key.update", "api_key.create"]);
    expect(page1.data[1]?.targetId).toBe(b.apiKey.id);
    const page2 = (await (
      await api(`/audit-logs?limit=2&cursor=${page1.nextCursor}`, { cookie: viewer.cookie })
    ).json()) as AuditPage;
    expect(page2.data[0]?.targetId).toBe(a.apiKey.id);
    const byTarget = (await (
      await api(`/audit-logs?targetId=${a.apiKey.id}`, { cookie: owner.cookie })
    ).json()) as AuditPage;
    expect(byTarget.data.map((e) => e.action)).toEqual(["api_key.update", "api_key.create"]);
    const byAction = (await (
      await api("/audit-logs?action=api_key.update", { cookie: owner.cookie })
    ).json()) as AuditPage;
    expect(byAction.data.every((e) => e.action === "api_key.update")).toBe(true);
    const prefix = (await (
      await api("/audit-logs?action=api_key.", { cookie: owner.cookie })
    ).json()) as AuditPage;
    expect(prefix.data.length).toBeGreaterThanOrEqual(3);
    const otherLog = (await (
      await api("/audit-logs?limit=100", { cookie: other.cookie })
    ).json()) as AuditPage;
    expect(otherLog.data.map((e) => e.targetId)).not.toContain(a.apiKey.id);
  });

  it("validates filters and needs a session", async () => {
    const bad = await api("/audit-logs?from=yesterday&limit=1000&cursor=zz", { cookie: owner.cookie });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).fields?.map((f) => f.path)).toEqual(
      expect.arrayContaining(["from", "limit"]),
    );
    expect((await api("/audit-logs")).status).toBe(401);
  });
});

describe("automation tokens", () => {
  it("creates a token shown once, authenticates with its role, is audit-logged, and revokes", async () => {
    const created = await api("/automation-tokens", {
      cookie: admin.cookie,
      body: { name: "CI", role: "developer" },
    });
    expect(created.status).toBe(201);
    const { token, automationToken } = (await created.json()) as {
      token: string;
      automationToken: { id: string };
    };
    expect(token).toMatch(/^egt_[0-9A-Za-z]{40}$/);

    // The token acts as a developer of the organization, without cookies or Origin.
    const key = await api("/keys", {
      token,
      origin: null,
      body: { name: `ci-${crypto.randomUUID()}`, scopes: ["*"] },
    });
    expect(key.status).toBe(201);
    const tokenList = await api("/automation-tokens", { token });
    expect(tokenList.status).toBe(403);

    const list = (await (await api("/automation-tokens", { cookie: owner.cookie })).json()) as {
      data: { id: string; displayPrefix: string }[];
    };
    expect(list.data.map((t) => t.id)).toContain(automationToken.id);
    expect(JSON.stringify(list)).not.toContain(token);

    const audit = (await (await api("/audit-logs?limit=5", { cookie: owner.cookie })).json()) as AuditPage;
    expect(audit.data[0]).toMatchObject({ action: "api_key.create", actorType: "token", actorLabel: "CI" });
    expect(audit.data[1]).toMatchObject({ action: "automation_token.create", targetId: automationToken.id });

    // Another organization cannot revoke it; its owner can.
    expect(
      (await api(`/automation-tokens/${automationToken.id}/revoke`, { cookie: other.cookie, method: "POST" }))
        .status,
    ).toBe(404);
    const revoked = await api(`/automation-tokens/${automationToken.id}/revoke`, {
      cookie: owner.cookie,
      method: "POST",
    });
    expect(revoked.status).toBe(200);
    expect((await api("/keys", { token })).status).toBe(401);
    expect(
      (await api(`/automation-tokens/${automationToken.id}/revoke`, { cookie: owner.cookie, method: "POST" }))
        .status,
    ).toBe(409);
  });

  it("a token only ever sees its own organization", async () => {
    const foreign = await createKey(other.cookie);
    const created = await api("/automation-tokens", {
      cookie: owner.cookie,
      body: { name: "reader", role: "viewer" },
    });
    const { token } = (await created.json()) as { token: string };
    expect((await api(`/keys/${foreign.apiKey.id}`, { token })).status).toBe(404);
    expect((await api("/keys", { token, origin: null, body: { name: "x", scopes: ["*"] } })).status).toBe(
      403,
    );
  });

  it("validates input; developers and viewers cannot manage tokens; bad tokens are 401", async () => {
    const bad = await api("/automation-tokens", {
      cookie: owner.cookie,
      body: { name: "", role: "owner", extra: true },
    });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).fields?.map((f) => f.path)).toEqual(expect.arrayContaining(["name", "role"]));
    for (const user of [developer, viewer]) {
      expect(
        (await api("/automation-tokens", { cookie: user.cookie, body: { name: "x", role: "viewer" } }))
          .status,
      ).toBe(403);
      expect((await api("/automation-tokens", { cookie: user.cookie })).status).toBe(403);
    }
    expect((await api("/automation-tokens")).status).toBe(401);
    expect((await api("/keys", { token: `egt_${"a".repeat(40)}` })).status).toBe(401);
    expect((await api("/keys", { token: "garbage" })).status).toBe(401);
  });
});

describe("organization settings", () => {
  it("shows name, slug, plan, this month's usage against the quota, members and invitations", async () => {
    // Usage is the billing ledger's: 3 billable requests; the refused one and the Redis counter
    // (the gateway's fast copy, drifted here) do not count.
    const base = recentBase(5);
    const month = new Date(base).toISOString().slice(0, 7);
    const keyOfOwner = { key: "", keyId: "key_usage", keyHash: "", organizationId: owner.organizationId };
    await deliver([
      ...[1, 2, 3].map((i) => makeEvent(keyOfOwner, { at: base + i * 1_000 })),
      makeEvent(keyOfOwner, {
        at: base + 4_000,
        status: 429,
        upstreamTtfbMs: null,
        rateLimitOutcome: "rate_limited",
      }),
    ]);
    await services().redis.set(`eg:quota:${owner.organizationId}:${month}`, 42);
    const invite = await api("/auth/organization/invite-member", {
      cookie: admin.cookie,
      body: { email: `invitee-${crypto.randomUUID()}@example.test`, role: "developer" },
    });
    expect(invite.status).toBe(200);
    const response = await api("/organization", { cookie: viewer.cookie });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      id: string;
      plan: string;
      usage: { month: string; requests: number; quota: number | null };
      members: { role: string }[];
      invitations: { role: string; status: string }[];
    };
    expect(body.id).toBe(owner.organizationId);
    expect(body.plan).toBe("FREE");
    expect(body.usage).toEqual({ month, requests: 3, quota: 10_000 });
    expect(body.members.map((m) => m.role).sort()).toEqual(["admin", "developer", "owner", "viewer"]);
    expect(body.invitations).toEqual([expect.objectContaining({ role: "developer", status: "pending" })]);
  });

  it("developers and viewers cannot invite members (better-auth enforces the same matrix)", async () => {
    for (const user of [developer, viewer]) {
      const response = await api("/auth/organization/invite-member", {
        cookie: user.cookie,
        body: { email: `x-${crypto.randomUUID()}@example.test`, role: "viewer" },
      });
      expect(response.status).toBe(403);
    }
  });

  it("member and invitation changes made through better-auth are audit-logged with the actor", async () => {
    const org = await ownerWithOrg();
    const member = await memberWithRole(org.organizationId, "viewer");
    const settings = (await (await api("/organization", { cookie: org.cookie })).json()) as {
      members: { id: string; userId: string }[];
    };
    const memberId = settings.members.find((m) => m.userId === member.userId)?.id;
    const promoted = await api("/auth/organization/update-member-role", {
      cookie: org.cookie,
      body: { memberId, role: "developer" },
    });
    expect(promoted.status).toBe(200);
    const invited = await api("/auth/organization/invite-member", {
      cookie: org.cookie,
      body: { email: `audit-${crypto.randomUUID()}@example.test`, role: "viewer" },
    });
    expect(invited.status).toBe(200);
    const audit = (await (await api("/audit-logs", { cookie: org.cookie })).json()) as {
      data: { action: string; actorId: string; targetId: string; before: unknown; after: unknown }[];
    };
    expect(audit.data.map((e) => e.action)).toEqual([
      "invitation.create",
      "member.update_role",
      "organization.create",
      "member.add",
    ]);
    expect(audit.data[1]).toMatchObject({
      actorId: org.userId,
      targetId: memberId,
      before: { role: "viewer" },
      after: { role: "developer" },
    });
    expect(audit.data.every((e) => e.actorId === org.userId)).toBe(true);
  });

  it("admins rename it (audit-logged); others get 403; a taken slug is 409; bad input 400", async () => {
    const name = `<b>Renamed</b> ${crypto.randomUUID()}`;
    const renamed = await api("/organization", { cookie: admin.cookie, method: "PATCH", body: { name } });
    expect(renamed.status).toBe(200);
    expect(((await renamed.json()) as { name: string }).name).toBe(name);
    const audit = (await (
      await api("/audit-logs?action=organization.update", { cookie: owner.cookie })
    ).json()) as AuditPage;
    expect(audit.data[0]?.targetId).toBe(owner.organizationId);
    expect(
      (await api("/organization", { cookie: developer.cookie, method: "PATCH", body: { name: "x" } })).status,
    ).toBe(403);
    const otherOrg = (await (await api("/organization", { cookie: other.cookie })).json()) as {
      slug: string;
    };
    const taken = await api("/organization", {
      cookie: owner.cookie,
      method: "PATCH",
      body: { slug: otherOrg.slug },
    });
    expect(taken.status).toBe(409);
    const bad = await api("/organization", {
      cookie: owner.cookie,
      method: "PATCH",
      body: { slug: "Not A Slug!", plan: "ENTERPRISE" },
    });
    expect(bad.status).toBe(400);
    expect((await api("/organization")).status).toBe(401);
  });
});
