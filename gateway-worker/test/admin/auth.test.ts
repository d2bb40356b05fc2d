// Accounts and sessions through better-auth at /api/auth: cookies, the seeded password hash,
// login rate limiting, origin checks, sign-out, deleted users.
import { hashPassword } from "better-auth/crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { accounts, members, users } from "../../src/db/schema/auth.ts";
import { services } from "../helpers.ts";
import { api, errorOf, memberWithRole, ownerWithOrg, sessionCookie, signUp } from "./helpers.ts";

describe("/api/auth", () => {
  it("sign-up sets an HttpOnly, Secure, SameSite session cookie", async () => {
    const response = await api("/auth/sign-up/email", {
      body: { email: `c-${crypto.randomUUID()}@example.test`, password: "correct-horse-battery", name: "C" },
    });
    expect(response.status).toBe(200);
    const cookie = response.headers.getSetCookie().find((c) => c.includes("session_token="));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/;\s*Secure/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/^__Secure-/);
  });

  it("signs in a user whose hash came from better-auth/crypto hashPassword (the seed's way)", async () => {
    const id = `usr_${crypto.randomUUID()}`;
    const email = `seed-${crypto.randomUUID()}@demo.edgegate.dev`;
    const { db } = services().database;
    await db.insert(users).values({ id, name: "Seeded", email, emailVerified: true });
    await db.insert(accounts).values({
      id: `acc_${crypto.randomUUID()}`,
      accountId: id,
      providerId: "credential",
      userId: id,
      password: await hashPassword("edgegate-demo"),
    });
    const ok = await api("/auth/sign-in/email", { body: { email, password: "edgegate-demo" } });
    expect(ok.status).toBe(200);
    expect(sessionCookie(ok)).toContain("session_token=");
    const wrong = await api("/auth/sign-in/email", { body: { email, password: "not-the-password" } });
    expect(wrong.status).toBe(401);
    expect((await errorOf(wrong)).code).toBe("UNAUTHORIZED");
  });

  it("rate limits sign-in attempts per client IP (429 in the shared envelope)", async () => {
    const ip = `192.0.2.${Math.floor(Math.random() * 200) + 20}`;
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const response = await api("/auth/sign-in/email", {
        ip,
        body: { email: "nobody@example.test", password: "wrong-password-123" },
      });
      statuses.push(response.status);
      if (response.status === 429) {
        const error = await errorOf(response);
        expect(error.code).toBe("RATE_LIMITED");
        expect(Number(response.headers.get("Retry-After"))).toBeGreaterThan(0);
      }
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
  });

  it("refuses state-changing requests from another origin", async () => {
    const owner = await ownerWithOrg();
    const signIn = await api("/auth/sign-in/email", {
      origin: "https://evil.example",
      body: { email: owner.email, password: "correct-horse-battery" },
    });
    expect(signIn.status).toBe(403);
    const create = await api("/keys", {
      cookie: owner.cookie,
      origin: "https://evil.example",
      body: { name: "x", scopes: ["*"] },
    });
    expect(create.status).toBe(403);
    expect((await errorOf(create)).code).toBe("FORBIDDEN");
    // A cookie-authenticated write with no Origin at all is refused too.
    const noOrigin = await api("/keys", {
      cookie: owner.cookie,
      origin: null,
      body: { name: "x", scopes: ["*"] },
    });
    expect(noOrigin.status).toBe(403);
  });

  it("sign-out ends the session; a deleted user's cookie answers 401", async () => {
    const owner = await ownerWithOrg();
    expect((await api("/keys", { cookie: owner.cookie })).status).toBe(200);
    expect((await api("/auth/sign-out", { cookie: owner.cookie, body: {} })).status).toBe(200);
    expect((await api("/keys", { cookie: owner.cookie })).status).toBe(401);

    const doomed = await ownerWithOrg();
    expect((await api("/keys", { cookie: doomed.cookie })).status).toBe(200);
    await services().database.db.delete(users).where(eq(users.id, doomed.userId));
    expect((await api("/keys", { cookie: doomed.cookie })).status).toBe(401);
  });

  it("changing the password can sign out every other session; revoke-sessions signs out everywhere", async () => {
    const owner = await ownerWithOrg();
    const second = await api("/auth/sign-in/email", {
      body: { email: owner.email, password: "correct-horse-battery" },
    });
    const secondCookie = sessionCookie(second);
    const changed = await api("/auth/change-password", {
      cookie: owner.cookie,
      body: {
        currentPassword: "correct-horse-battery",
        newPassword: "another-long-password",
        revokeOtherSessions: true,
      },
    });
    expect(changed.status).toBe(200);
    expect((await api("/auth/get-session", { cookie: secondCookie })).status).toBe(200);
    expect(await (await api("/auth/get-session", { cookie: secondCookie })).json()).toBeNull();
    const fresh = sessionCookie(changed);
    expect((await api("/auth/revoke-sessions", { cookie: fresh, body: {} })).status).toBe(200);
    expect(await (await api("/auth/get-session", { cookie: fresh })).json()).toBeNull();
    const old = await api("/auth/sign-in/email", {
      body: { email: owner.email, password: "correct-horse-battery" },
    });
    expect(old.status).toBe(401);
  });

  it("a signed-in user without an active organization gets 403, a forged cookie 401", async () => {
    const user = await signUp();
    const response = await api("/keys", { cookie: user.cookie });
    expect(response.status).toBe(403);
    expect((await errorOf(response)).message).toMatch(/active organization/);
    expect((await api("/keys", { cookie: "__Secure-better-auth.session_token=forged.value" })).status).toBe(
      401,
    );
  });

  it("set-active on a foreign organization is refused without touching the session; a removed member loses access", async () => {
    const owner = await ownerWithOrg();
    const second = await ownerWithOrg();
    for (const body of [{ organizationId: owner.organizationId }, { organizationSlug: "no-such-org-slug" }]) {
      const response = await api("/auth/organization/set-active", { cookie: second.cookie, body });
      // Another organization's id answers 404, as on every admin route, and is not revealed.
      expect(response.status).toBe(404);
      expect((await errorOf(response)).code).toBe("NOT_FOUND");
      // The refused request left the active organization as it was (better-auth cleared it).
      const organization = await api("/organization", { cookie: second.cookie });
      expect(organization.status).toBe(200);
      expect(((await organization.json()) as { id: string }).id).toBe(second.organizationId);
    }
    const member = await memberWithRole(owner.organizationId, "developer");
    expect((await api("/keys", { cookie: member.cookie })).status).toBe(200);
    await services().database.db.delete(members).where(eq(members.userId, member.userId));
    expect((await api("/keys", { cookie: member.cookie })).status).toBe(403);
  });
});
