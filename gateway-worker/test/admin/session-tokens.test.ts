// Session tokens at rest: better-auth keeps the token in `sessions.token` and finds the cookie's
// session by it; stored in clear, a database copy would be a pile of live admin sessions. The
// adapter wrapper (src/auth/hashed-session-tokens.ts) stores SHA-256 instead; every session flow
// must work as before.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { storedSessionToken } from "../../src/auth/hashed-session-tokens.ts";
import { sessions } from "../../src/db/schema/auth.ts";
import { services } from "../helpers.ts";
import { api, ownerWithOrg, sessionCookie, signUp } from "./helpers.ts";

/** The token inside a `name=<token>.<signature>` cookie. */
const tokenOf = (cookie: string) =>
  decodeURIComponent(cookie.slice(cookie.indexOf("=") + 1)).split(".")[0] as string;

async function storedTokens(userId: string): Promise<string[]> {
  const rows = await services().database.db.select().from(sessions).where(eq(sessions.userId, userId));
  return rows.map((row) => row.token);
}

describe("session tokens at rest", () => {
  it("stores only the SHA-256 of the cookie's token, and the cookie still signs the user in", async () => {
    const user = await signUp();
    const token = tokenOf(user.cookie);
    expect(await storedTokens(user.userId)).toEqual([await storedSessionToken(token)]);
    expect((await storedTokens(user.userId))[0]).not.toContain(token);
    const session = (await (await api("/auth/get-session", { cookie: user.cookie })).json()) as {
      session: { token: string; userId: string };
    };
    expect(session.session.userId).toBe(user.userId);
    // better-auth's own view of the session holds the caller's token, not the hash.
    expect(session.session.token).toBe(token);
  });

  it("sign-out, set-active and revoke-session (by a listed session) act on the hashed row", async () => {
    const owner = await ownerWithOrg();
    // set-active updates the session row found by its token.
    const active = (await (await api("/auth/get-session", { cookie: owner.cookie })).json()) as {
      session: { activeOrganizationId: string };
    };
    expect(active.session.activeOrganizationId).toBe(owner.organizationId);

    const second = sessionCookie(
      await api("/auth/sign-in/email", { body: { email: owner.email, password: "correct-horse-battery" } }),
    );
    const listed = (await (await api("/auth/list-sessions", { cookie: owner.cookie })).json()) as {
      token: string;
    }[];
    expect(listed).toHaveLength(2);
    // list-sessions hands out the stored hash: it names the session, it signs no one in.
    const secondHash = await storedSessionToken(tokenOf(second));
    const secondListed = listed.find((s) => s.token === secondHash);
    expect(secondListed).toBeDefined();
    expect(
      (await api("/auth/revoke-session", { cookie: owner.cookie, body: { token: secondListed?.token } }))
        .status,
    ).toBe(200);
    expect(await (await api("/auth/get-session", { cookie: second })).json()).toBeNull();

    expect((await api("/auth/sign-out", { cookie: owner.cookie, body: {} })).status).toBe(200);
    expect(await (await api("/auth/get-session", { cookie: owner.cookie })).json()).toBeNull();
    expect(await storedTokens(owner.userId)).toEqual([]);
  });
});
