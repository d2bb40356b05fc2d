// Organization-wide limits over a real socket: the gateway Worker on workerd (the benchmark
// harness), a plan and overage-policy change made by the Worker's own applyOrganizationBilling
// (run here in Node against the same Postgres and Redis), and the very next HTTP request on the
// wire already answers under the new limits.
import { applyOrganizationBilling } from "@edgegate/gateway-worker/node";
import { Redis } from "@upstash/redis";
import { describe, expect, it } from "vitest";
import { socketOrganization } from "./socket-organization.ts";

const organization = socketOrganization("org_socket", "test:billing-socket");
const { organizationId, services, call } = organization;

const SYSTEM = { actor: { type: "system" as const, id: null, label: "socket test" }, request: null };

describe("organization-wide limits over a real socket", () => {
  it("the first request after a plan change answers with the new plan's limits", async () => {
    const before = await call();
    expect(before.status).toBe(200);
    expect(before.headers.get("x-ratelimit-limit")).toBe("600");
    await applyOrganizationBilling(services(), organizationId, { plan: "PRO" }, SYSTEM);
    const after = await call();
    expect(after.status).toBe(200);
    expect(after.headers.get("x-ratelimit-limit")).toBe("6000");
    expect(after.headers.get("ratelimit-policy")).toContain('"monthly";q=1000000;');
  });

  it("bill_overage with a spend cap refuses past quota + cap with SPEND_CAP_REACHED", async () => {
    await applyOrganizationBilling(
      services(),
      organizationId,
      { overagePolicy: "bill_overage", spendCapRequests: 10 },
      SYSTEM,
    );
    const redis = new Redis({ url: organization.harness.redis.url, token: organization.harness.redis.token });
    await redis.set(`eg:quota:${organizationId}:${new Date().toISOString().slice(0, 7)}`, 1_000_010);
    const refused = await call();
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("SPEND_CAP_REACHED");
    expect(refused.headers.get("x-quota-policy")).toBe("bill_overage");
    expect(refused.headers.get("x-quota-spend-cap")).toBe("10");
  });
});
