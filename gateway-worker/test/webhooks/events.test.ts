// Every source of the event catalog reaches a subscribed endpoint through the one audit entry
// point: key, automation token and member changes (the latter through better-auth's hooks).
import { beforeAll, describe, expect, it } from "vitest";
import { api, createKey, memberWithRole, ownerWithOrg, type TestUser } from "../admin/helpers.ts";
import { createEndpoint, listDeliveries, newHook, verify, waitFor } from "./helpers.ts";

type Owner = TestUser & { organizationId: string };
let owner: Owner;

beforeAll(async () => {
  owner = await ownerWithOrg();
});

async function ok(response: Promise<Response>, status = 200) {
  const settled = await response;
  if (settled.status !== status) throw new Error(`${settled.status}: ${await settled.text()}`);
  return settled;
}

describe("webhook events", () => {
  it("emits one event per change, in order, with the catalog's payloads", async () => {
    const hook = await newHook();
    const { secret } = await createEndpoint(owner.cookie, { url: hook.url });
    const { apiKey } = await createKey(owner.cookie, { name: "events" });
    await ok(
      api(`/keys/${apiKey.id}`, { method: "PATCH", cookie: owner.cookie, body: { scopes: ["get:users"] } }),
    );
    const rotated = (await (
      await ok(
        api(`/keys/${apiKey.id}/rotate`, { cookie: owner.cookie, body: { gracePeriodSeconds: 60 } }),
        201,
      )
    ).json()) as { apiKey: { id: string } };
    await ok(api(`/keys/${rotated.apiKey.id}/revoke`, { cookie: owner.cookie, body: {} }));
    await ok(api(`/keys/${rotated.apiKey.id}`, { method: "DELETE", cookie: owner.cookie }), 204);
    const token = (await (
      await ok(api("/automation-tokens", { cookie: owner.cookie, body: { name: "ci", role: "viewer" } }), 201)
    ).json()) as { automationToken: { id: string } };
    await ok(
      api(`/automation-tokens/${token.automationToken.id}/revoke`, { cookie: owner.cookie, body: {} }),
    );
    const member = await memberWithRole(owner.organizationId, "viewer");
    const settings = (await (await api("/organization", { cookie: owner.cookie })).json()) as {
      members: { id: string; userId: string }[];
    };
    const memberId = settings.members.find((m) => m.userId === member.userId)?.id;
    await ok(
      api("/auth/organization/update-member-role", {
        cookie: owner.cookie,
        body: { memberId, role: "developer" },
      }),
    );

    const got = await waitFor("eight events", async () => {
      const list = await hook.received();
      return list.length >= 8 && list;
    });
    expect(got).toHaveLength(8);
    const payloads = got.map((delivery) => verify(secret, delivery));
    const byType = new Map(payloads.map((p) => [p.type, p.data]));
    expect([...byType.keys()].sort()).toEqual(
      [
        "api_key.created",
        "api_key.updated",
        "api_key.rotated",
        "api_key.revoked",
        "api_key.deleted",
        "automation_token.created",
        "automation_token.revoked",
        "member.role_changed",
      ].sort(),
    );
    expect(byType.get("api_key.updated")).toMatchObject({ id: apiKey.id, scopes: ["get:users"] });
    expect(byType.get("api_key.rotated")).toMatchObject({
      id: apiKey.id,
      status: "rotating",
      rotatedToKeyId: rotated.apiKey.id,
      successor: { id: rotated.apiKey.id },
      gracePeriodSeconds: 60,
    });
    expect(byType.get("api_key.deleted")).toMatchObject({ id: rotated.apiKey.id, status: "revoked" });
    expect(byType.get("automation_token.revoked")).toMatchObject({
      id: token.automationToken.id,
      role: "viewer",
    });
    expect(byType.get("member.role_changed")).toEqual({
      id: memberId,
      role: "developer",
      previousRole: "viewer",
    });
    // Nothing secret travels: no key, token or hash.
    expect(JSON.stringify(payloads)).not.toMatch(/ak_[0-9A-Za-z]{34}|egt_[0-9A-Za-z]{20,}|keyHash|tokenHash/);
  });

  it("delivers only the event types an endpoint subscribed to", async () => {
    const hook = await newHook();
    const { endpoint } = await createEndpoint(owner.cookie, {
      url: hook.url,
      eventTypes: ["api_key.revoked"],
    });
    const { apiKey } = await createKey(owner.cookie);
    await ok(api(`/keys/${apiKey.id}/revoke`, { cookie: owner.cookie, body: {} }));
    const got = await waitFor("the revocation", async () => {
      const list = await hook.received();
      return list.length > 0 && list;
    });
    expect(got.map((d) => JSON.parse(d.body).type)).toEqual(["api_key.revoked"]);
    // The creation was never fanned out to it (deliveries are made at dispatch, before sending).
    const deliveries = await listDeliveries(owner.cookie, { endpointId: endpoint.id });
    expect(deliveries.map((d) => d.eventType)).toEqual(["api_key.revoked"]);
  });
});
