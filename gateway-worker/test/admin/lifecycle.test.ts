// The end-to-end key lifecycle: sign up → create organization → create key → gateway 200 →
// rotate with a short grace (old key works, then 401) → revoke → gateway 401 → the audit log
// lists each step.
import { describe, expect, it } from "vitest";
import { callGateway } from "../helpers.ts";
import { api, createOrganization, signUp } from "./helpers.ts";

const GRACE_SECONDS = 2;

describe("API key lifecycle", () => {
  it("runs from sign-up to revocation, audit-logged", async () => {
    const user = await signUp("Lifecycle");
    const organizationId = await createOrganization(user);

    const created = await api("/keys", {
      cookie: user.cookie,
      headers: { "User-Agent": "lifecycle-test/1.0" },
      ip: "203.0.113.50",
      body: { name: "lifecycle", scopes: ["*"] },
    });
    expect(created.status).toBe(201);
    const { key: firstKey, apiKey } = (await created.json()) as { key: string; apiKey: { id: string } };
    expect((await callGateway("/v1/echo", { key: firstKey })).status).toBe(200);

    const rotated = await api(`/keys/${apiKey.id}/rotate`, {
      cookie: user.cookie,
      body: { gracePeriodSeconds: GRACE_SECONDS },
    });
    expect(rotated.status).toBe(201);
    const { key: secondKey, apiKey: successor } = (await rotated.json()) as {
      key: string;
      apiKey: { id: string };
    };
    expect((await callGateway("/v1/echo", { key: firstKey })).status).toBe(200);
    expect((await callGateway("/v1/echo", { key: secondKey })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, GRACE_SECONDS * 1000 + 200));
    const afterGrace = await callGateway("/v1/echo", { key: firstKey });
    expect(afterGrace.status).toBe(401);
    expect((await callGateway("/v1/echo", { key: secondKey })).status).toBe(200);

    expect((await api(`/keys/${successor.id}/revoke`, { cookie: user.cookie, method: "POST" })).status).toBe(
      200,
    );
    expect((await callGateway("/v1/echo", { key: secondKey })).status).toBe(401);

    const audit = (await (await api("/audit-logs", { cookie: user.cookie })).json()) as {
      data: {
        action: string;
        targetId: string;
        actorId: string;
        actorType: string;
        ipAddress: string;
        userAgent: string;
        before: unknown;
        after: unknown;
      }[];
    };
    expect(audit.data.map((e) => e.action)).toEqual([
      "api_key.revoke",
      "api_key.rotate",
      "api_key.create",
      "organization.create",
      "member.add",
    ]);
    expect(audit.data.slice(0, 4).map((e) => e.targetId)).toEqual([
      successor.id,
      apiKey.id,
      apiKey.id,
      organizationId,
    ]);
    for (const entry of audit.data) {
      expect(entry.actorType).toBe("user");
      expect(entry.actorId).toBe(user.userId);
    }
    const creation = audit.data[2];
    expect(creation?.ipAddress).toBe("203.0.113.50");
    expect(creation?.userAgent).toBe("lifecycle-test/1.0");
    const serialized = JSON.stringify(audit);
    expect(serialized).not.toContain(firstKey);
    expect(serialized).not.toContain(secondKey);
    expect(serialized).not.toMatch(/keyHash|[0-9a-f]{64}/);
  });
});
