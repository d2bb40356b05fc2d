// Invitations end to end through better-auth's organization plugin: an admin invites by e-mail,
// the invitee signs up with that address (no e-mail verification: this platform sends none) and
// accepts with the id from the link; nobody else can read or accept it, and another
// organization's admin cannot cancel it.
import { beforeAll, describe, expect, it } from "vitest";
import { api, memberWithRole, ownerWithOrg, signUp, type TestUser } from "./helpers.ts";

type Owner = TestUser & { organizationId: string };
let owner: Owner;
let other: Owner;

beforeAll(async () => {
  [owner, other] = await Promise.all([ownerWithOrg(), ownerWithOrg()]);
});

async function invite(cookie: string, email: string, role = "developer") {
  const response = await api("/auth/organization/invite-member", { cookie, body: { email, role } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { id: string }).id;
}

describe("invitations", () => {
  it("the invitee signs up with the invited address, reads and accepts it, and gets the role", async () => {
    const email = `invitee-${crypto.randomUUID()}@example.test`;
    const id = await invite(owner.cookie, email);
    const invitee = await signUp("Invitee", email);

    const read = await api(`/auth/organization/get-invitation?id=${id}`, { cookie: invitee.cookie });
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ email, role: "developer", status: "pending" });

    const accepted = await api("/auth/organization/accept-invitation", {
      cookie: invitee.cookie,
      body: { invitationId: id },
    });
    expect(accepted.status).toBe(200);
    const active = await api("/auth/organization/set-active", {
      cookie: invitee.cookie,
      body: { organizationId: owner.organizationId },
    });
    expect(active.status).toBe(200);
    const settings = await api("/organization", { cookie: invitee.cookie });
    expect(settings.status).toBe(200);
    const body = (await settings.json()) as { members: { email: string; role: string }[] };
    expect(body.members).toContainEqual(expect.objectContaining({ email, role: "developer" }));
    // Accepted once only.
    const again = await api("/auth/organization/accept-invitation", {
      cookie: invitee.cookie,
      body: { invitationId: id },
    });
    expect(again.status).toBe(404);
  });

  it("someone with another address can neither read nor accept it", async () => {
    const id = await invite(owner.cookie, `target-${crypto.randomUUID()}@example.test`);
    const stranger = await signUp("Stranger");
    // Not addressed to them and not their organization's: as if it did not exist.
    const read = await api(`/auth/organization/get-invitation?id=${id}`, { cookie: stranger.cookie });
    expect(read.status).toBe(404);
    const accept = await api("/auth/organization/accept-invitation", {
      cookie: stranger.cookie,
      body: { invitationId: id },
    });
    expect(accept.status).toBe(404);
    expect(((await accept.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
  });

  it("a cancelled invitation cannot be accepted; another organization's admin cannot cancel it", async () => {
    const email = `cancel-${crypto.randomUUID()}@example.test`;
    const id = await invite(owner.cookie, email, "viewer");
    const foreignAdmin = await memberWithRole(other.organizationId, "admin");
    const foreign = await api("/auth/organization/cancel-invitation", {
      cookie: foreignAdmin.cookie,
      body: { invitationId: id },
    });
    expect(foreign.status).toBe(404);
    expect(((await foreign.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");

    const cancelled = await api("/auth/organization/cancel-invitation", {
      cookie: owner.cookie,
      body: { invitationId: id },
    });
    expect(cancelled.status).toBe(200);
    const invitee = await signUp("Late invitee", email);
    const accept = await api("/auth/organization/accept-invitation", {
      cookie: invitee.cookie,
      body: { invitationId: id },
    });
    expect(accept.status).toBe(404);
  });
});
