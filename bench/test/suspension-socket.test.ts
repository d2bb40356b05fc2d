// Suspension over a real socket: the gateway Worker on workerd (the benchmark harness), the
// Worker's own setOrganizationSuspension run here in Node against the same Postgres and Redis,
// and the very next HTTP request on the wire is refused with ORGANIZATION_SUSPENDED — then, once
// unsuspended, served again with nothing lost.
import { setOrganizationSuspension } from "@edgegate/gateway-worker/node";
import { describe, expect, it } from "vitest";
import { socketOrganization } from "./socket-organization.ts";

const { organizationId, services, call } = socketOrganization("org_suspend", "test:suspension-socket");

const source = {
  actor: { type: "system" as const, id: null, label: "socket test" },
  request: null,
  within: async () => {},
};

describe("suspension over a real socket", () => {
  it("refuses the organization's key on the next request, and serves it again after unsuspension", async () => {
    const before = await call();
    expect(before.status).toBe(200);
    await setOrganizationSuspension(services(), organizationId, "Unpaid invoices", source);
    const refused = await call();
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("ORGANIZATION_SUSPENDED");
    // Still refused while suspended (the isolate's suspended copy stays authoritative).
    expect((await call()).status).toBe(403);
    await setOrganizationSuspension(services(), organizationId, null, source);
    const served = await call();
    expect(served.status).toBe(200);
    expect(served.headers.get("x-ratelimit-limit")).toBe("600");
  });
});
