// The overage-policy and daily-usage admin routes: roles, the FREE rule, hostile bodies, audit,
// organization scoping, and the change reaching the gateway on the next request.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLogs } from "../../src/db/schema/audit.ts";
import { applyOrganizationBilling } from "../../src/services/billing/organization-limits.ts";
import { api, createKey, errorOf, memberWithRole, ownerWithOrg } from "../admin/helpers.ts";
import { callGateway, services } from "../helpers.ts";
import { deliver, makeEvent, recentBase } from "../pipeline-helpers.ts";

const SYSTEM = { actor: { type: "system" as const, id: null, label: "test" }, request: null };

async function paidOwner() {
  const owner = await ownerWithOrg();
  await applyOrganizationBilling(services(), owner.organizationId, { plan: "STARTER" }, SYSTEM);
  return owner;
}

const putPolicy = (cookie: string, body: unknown) =>
  api("/billing/overage-policy", { method: "PUT", cookie, body });

describe("overage policy routes", () => {
  it("FREE: reads hard_cap, and bill_overage answers 409 with nothing changed", async () => {
    const owner = await ownerWithOrg();
    const read = await api("/billing/overage-policy", { cookie: owner.cookie });
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual({
      plan: "FREE",
      overagePolicy: "hard_cap",
      effectivePolicy: "hard_cap",
      spendCapRequests: null,
      includedQuota: 10_000,
      refuseAbove: 10_000,
      overageAvailable: false,
    });
    const refused = await putPolicy(owner.cookie, { overagePolicy: "bill_overage" });
    expect(refused.status).toBe(409);
    const error = await errorOf(refused);
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toMatch(/FREE plan cannot bill overage/);
    const after = (await (await api("/billing/overage-policy", { cookie: owner.cookie })).json()) as {
      overagePolicy: string;
    };
    expect(after.overagePolicy).toBe("hard_cap");
  });

  it("a paid plan sets bill_overage with a cap: audited, and the gateway applies it on the next request", async () => {
    const owner = await paidOwner();
    const { key } = await createKey(owner.cookie);
    const before = await callGateway("/v1/echo", { key }, { REDIS_TIMEOUT_MS: "2000" });
    expect(before.headers.get("X-Quota-Policy")).toBe("hard_cap");

    const response = await putPolicy(owner.cookie, {
      overagePolicy: "bill_overage",
      spendCapRequests: 50_000,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      plan: "STARTER",
      overagePolicy: "bill_overage",
      effectivePolicy: "bill_overage",
      spendCapRequests: 50_000,
      includedQuota: 100_000,
      refuseAbove: 150_000,
      overageAvailable: true,
    });
    const next = await callGateway("/v1/echo", { key }, { REDIS_TIMEOUT_MS: "2000" });
    expect(next.headers.get("X-Quota-Policy")).toBe("bill_overage");
    expect(next.headers.get("X-Quota-Spend-Cap")).toBe("50000");

    const rows = await services()
      .database.db.select()
      .from(auditLogs)
      .where(and(eq(auditLogs.organizationId, owner.organizationId), eq(auditLogs.actorType, "user")));
    expect(rows.find((row) => row.action === "organization.billing_update")).toMatchObject({
      actorId: owner.userId,
      before: { overagePolicy: "hard_cap", spendCapRequests: null },
      after: { overagePolicy: "bill_overage", spendCapRequests: 50_000 },
    });

    // Back to hard_cap: the cap goes with it.
    const back = await putPolicy(owner.cookie, { overagePolicy: "hard_cap" });
    expect(await back.json()).toMatchObject({
      overagePolicy: "hard_cap",
      spendCapRequests: null,
      refuseAbove: 100_000,
    });
  });

  it("viewers and developers read; only admins and owners change it", async () => {
    const owner = await paidOwner();
    for (const role of ["viewer", "developer"] as const) {
      const member = await memberWithRole(owner.organizationId, role);
      expect((await api("/billing/overage-policy", { cookie: member.cookie })).status).toBe(200);
      expect((await api("/billing/usage", { cookie: member.cookie })).status).toBe(200);
      const refused = await putPolicy(member.cookie, { overagePolicy: "bill_overage" });
      expect(refused.status).toBe(403);
    }
    const admin = await memberWithRole(owner.organizationId, "admin");
    expect((await putPolicy(admin.cookie, { overagePolicy: "bill_overage" })).status).toBe(200);
    expect((await api("/billing/overage-policy")).status).toBe(401);
  });

  it.each([
    ["an unknown policy", { overagePolicy: "HARD_CAP" }, "overagePolicy"],
    ["no policy", { spendCapRequests: 10 }, "overagePolicy"],
    ["a negative cap", { overagePolicy: "bill_overage", spendCapRequests: -1 }, "spendCapRequests"],
    ["a zero cap", { overagePolicy: "bill_overage", spendCapRequests: 0 }, "spendCapRequests"],
    ["a fractional cap", { overagePolicy: "bill_overage", spendCapRequests: 1.5 }, "spendCapRequests"],
    ["a cap as a string", { overagePolicy: "bill_overage", spendCapRequests: "100" }, "spendCapRequests"],
    ["a cap past the bound", { overagePolicy: "bill_overage", spendCapRequests: 1e10 }, "spendCapRequests"],
    ["a cap with hard_cap", { overagePolicy: "hard_cap", spendCapRequests: 100 }, "spendCapRequests"],
    ["an unknown field", { overagePolicy: "hard_cap", plan: "ENTERPRISE" }, ""],
    ["an array", [{ overagePolicy: "hard_cap" }], ""],
  ])("refuses %s with 400 naming the field, changing nothing", async (_name, body, field) => {
    const owner = await paidOwner();
    const response = await putPolicy(owner.cookie, body);
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(["VALIDATION_FAILED", "BAD_REQUEST"]).toContain(error.code);
    if (field) expect(error.fields?.map((f) => f.path)).toContain(field);
    const view = (await (await api("/billing/overage-policy", { cookie: owner.cookie })).json()) as {
      overagePolicy: string;
      plan: string;
    };
    expect(view).toMatchObject({ overagePolicy: "hard_cap", plan: "STARTER" });
  });

  it("refuses malformed JSON and an oversized body", async () => {
    const owner = await paidOwner();
    const malformed = await api("/billing/overage-policy", {
      method: "PUT",
      cookie: owner.cookie,
      rawBody: '{"overagePolicy": "bill_overage"',
    });
    expect(malformed.status).toBe(400);
    const huge = await api("/billing/overage-policy", {
      method: "PUT",
      cookie: owner.cookie,
      rawBody: JSON.stringify({ overagePolicy: "hard_cap", pad: "x".repeat(2_000_000) }),
    });
    expect(huge.status).toBe(413);
  });

  it("changes only the caller's organization", async () => {
    const a = await paidOwner();
    const b = await paidOwner();
    expect((await putPolicy(a.cookie, { overagePolicy: "bill_overage" })).status).toBe(200);
    const viewB = (await (await api("/billing/overage-policy", { cookie: b.cookie })).json()) as {
      overagePolicy: string;
    };
    expect(viewB.overagePolicy).toBe("hard_cap");
  });
});

describe("daily usage route", () => {
  it("every day of the period from the ledger, billable only, this organization only", async () => {
    const owner = await paidOwner();
    const other = await paidOwner();
    const { apiKey } = await createKey(owner.cookie);
    const testKey = { key: "", keyId: apiKey.id, keyHash: "", organizationId: owner.organizationId };
    const otherKey = { ...testKey, organizationId: other.organizationId, keyId: "key_other" };
    const base = recentBase(5);
    await deliver([
      makeEvent(testKey, { at: base + 1_000 }),
      makeEvent(testKey, { at: base + 2_000, status: 500 }),
      makeEvent(testKey, {
        at: base + 3_000,
        status: 429,
        upstreamTtfbMs: null,
        rateLimitOutcome: "rate_limited",
      }),
      makeEvent(otherKey, { at: base + 4_000 }),
    ]);
    const response = await api("/billing/usage", { cookie: owner.cookie });
    expect(response.status).toBe(200);
    const usage = (await response.json()) as {
      period: { start: string; end: string };
      includedQuota: number;
      total: number;
      days: { day: string; requests: number }[];
    };
    expect(usage.total).toBe(2);
    expect(usage.includedQuota).toBe(100_000);
    expect(usage.days[0]?.day).toBe(usage.period.start.slice(0, 10));
    const dayCount = (Date.parse(usage.period.end) - Date.parse(usage.period.start)) / 86_400_000;
    expect(usage.days).toHaveLength(dayCount);
    expect(usage.days.find((d) => d.day === new Date(base).toISOString().slice(0, 10))?.requests).toBe(2);
  });
});
