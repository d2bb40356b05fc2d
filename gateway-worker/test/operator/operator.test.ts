// The operator console's API against the real Worker, Postgres and Redis: who is an operator
// (configuration or grant; never a token), the customers list and page, plans and custom limits
// reaching the gateway on the next request (and expiring back to the plan), suspension refusing
// every key of the organization with ORGANIZATION_SUSPENDED and unsuspension restoring it, the
// platform audit log of each action, and hostile input. The 404-for-everyone-else sweep over
// every operator route is in test/admin/tenancy-roles.test.ts.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { auditLogs } from "../../src/db/schema/audit.ts";
import { organizations } from "../../src/db/schema/organizations.ts";
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
import { callGateway, services } from "../helpers.ts";

type Owner = TestUser & { organizationId: string };

// Several sign-ups and gateway round trips per test, on a machine shared with other suites.
vi.setConfig({ testTimeout: 90_000 });

const gateway = (key: string) => callGateway("/v1/echo", { key }, { REDIS_TIMEOUT_MS: "2000" });

let operator: Owner;
let customer: Owner;
let customerKey: string;

beforeAll(async () => {
  operator = await operatorWithOrg();
  customer = await ownerWithOrg();
  customerKey = (await createKey(customer.cookie)).key;
}, 180_000);

describe("who is an operator", () => {
  it("get-session says so for a granted operator and for OPERATOR_EMAILS, and not for anyone else", async () => {
    const session = async (cookie: string, env?: Partial<Env>) =>
      (await (await api("/auth/get-session", { cookie, ...(env ? { env } : {}) })).json()) as {
        operator: boolean;
      };
    expect((await session(operator.cookie)).operator).toBe(true);
    expect((await session(customer.cookie)).operator).toBe(false);
    const listed = await signUp("Listed operator", `Ops-${crypto.randomUUID()}@Example.test`);
    const env = { OPERATOR_EMAILS: ` someone@example.test, ${listed.email.toUpperCase()} ` };
    expect((await session(listed.cookie, env)).operator).toBe(true);
    expect((await api("/operator/organizations", { cookie: listed.cookie, env })).status).toBe(200);
    // Without the configuration the same account is nobody.
    expect((await api("/operator/organizations", { cookie: listed.cookie })).status).toBe(404);
  });

  it("refuses to start with an OPERATOR_EMAILS entry that is not an e-mail address", async () => {
    const response = await api("/health", { env: { OPERATOR_EMAILS: "ops@example.test, not-an-address" } });
    // A misconfigured deployment answers 503 on its first request (config.ts), whatever it is.
    expect(response.status).toBe(503);
  });

  it("an organization owner (any role), a token and a signed-out caller all get an unknown path's 404", async () => {
    const developer = await memberWithRole(customer.organizationId, "developer");
    for (const init of [{ cookie: customer.cookie }, { cookie: developer.cookie }, {}]) {
      const response = await api("/operator/organizations", init);
      expect(response.status).toBe(404);
      expect((await errorOf(response)).message).toBe("No route for GET /api/operator/organizations.");
    }
    // get-session does not tell a developer anything either.
    const body = (await (await api("/auth/get-session", { cookie: developer.cookie })).json()) as {
      operator: boolean;
    };
    expect(body.operator).toBe(false);
  });
});

interface Summary {
  id: string;
  name: string;
  requestsThisMonth: number;
  suspended: boolean;
  limitsOverride: unknown;
}

async function listOrganizations(query: string): Promise<{ data: Summary[]; total: number }> {
  const response = await api(`/operator/organizations${query}`, { cookie: operator.cookie });
  expect(response.status).toBe(200);
  return (await response.json()) as { data: Summary[]; total: number };
}

describe("customers", () => {
  it("finds an organization by name, slug, member e-mail and Stripe customer id", async () => {
    const [org] = await services()
      .database.db.select()
      .from(organizations)
      .where(eq(organizations.id, customer.organizationId));
    if (!org) throw new Error("no organization");
    const stripeCustomerId = `cus_${crypto.randomUUID().slice(0, 12)}`;
    await services()
      .database.db.update(organizations)
      .set({ stripeCustomerId })
      .where(eq(organizations.id, org.id));
    for (const q of [org.name, org.slug.slice(4, 14), customer.email.toUpperCase(), stripeCustomerId]) {
      const page = await listOrganizations(`?q=${encodeURIComponent(q)}`);
      expect(
        page.data.map((row) => row.id),
        q,
      ).toContain(org.id);
    }
    // LIKE wildcards match themselves: "%" finds no organization named without one.
    expect((await listOrganizations("?q=%25%25%25")).data.map((row) => row.id)).not.toContain(org.id);
  });

  it("sorts by requests this month, from the rollups", async () => {
    for (let i = 0; i < 3; i++) expect((await gateway(customerKey)).status).toBe(200);
    // The request events reach the rollups through the queue.
    let top: Summary | undefined;
    for (let attempt = 0; attempt < 40; attempt++) {
      const page = await listOrganizations(`?q=${encodeURIComponent(customer.email)}&sort=requests`);
      top = page.data[0];
      if ((top?.requestsThisMonth ?? 0) >= 3) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(top?.id).toBe(customer.organizationId);
    expect(top?.requestsThisMonth).toBeGreaterThanOrEqual(3);
    const busiest = await listOrganizations("?sort=requests&order=desc&limit=100");
    const counts = busiest.data.map((row) => row.requestsThisMonth);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });

  it("shows an organization's members and keys without any secret", async () => {
    const response = await api(`/operator/organizations/${customer.organizationId}`, {
      cookie: operator.cookie,
    });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toContain(customerKey);
    expect(text).not.toMatch(/keyHash|key_hash/);
    const body = JSON.parse(text) as {
      members: { email: string; role: string }[];
      keys: { displayPrefix: string }[];
      limits: { source: string; requestsPerMinute: number };
      suspension: unknown;
    };
    expect(body.members).toEqual(
      expect.arrayContaining([expect.objectContaining({ email: customer.email, role: "owner" })]),
    );
    expect(body.keys).toHaveLength(1);
    expect(customerKey.startsWith(body.keys[0]?.displayPrefix ?? "?")).toBe(true);
    expect(body.limits).toMatchObject({ source: "plan", requestsPerMinute: 60 });
    expect(body.suspension).toBeNull();
    expect((await api("/operator/organizations/org_missing", { cookie: operator.cookie })).status).toBe(404);
  });

  it("answers hostile, malformed and oversized queries with a named 400", async () => {
    for (const query of [
      "?sort=password",
      "?limit=1000",
      "?offset=-1",
      "?plan=GOLD",
      "?unknown=1",
      `?q=${"x".repeat(201)}`,
    ]) {
      const response = await api(`/operator/organizations${query}`, { cookie: operator.cookie });
      expect(response.status, query).toBe(400);
      expect((await errorOf(response)).code, query).toBe("VALIDATION_FAILED");
    }
    const nul = await api("/operator/organizations/org%00x", { cookie: operator.cookie });
    expect(nul.status).toBe(400);
  });
});

describe("plans and custom limits", () => {
  const setLimits = (organizationId: string, body: unknown) =>
    api(`/operator/organizations/${organizationId}/limits`, { method: "PUT", cookie: operator.cookie, body });

  it("raises an organization's limits: its key's next response shows them, audited with before/after", async () => {
    const target = await ownerWithOrg();
    const { key } = await createKey(target.cookie);
    expect((await gateway(key)).headers.get("x-ratelimit-limit")).toBe("60");
    const response = await setLimits(target.organizationId, {
      limitsOverride: { requestsPerMinute: 900, burst: 150, monthlyQuota: 5_000_000, expiresAt: null },
    });
    expect(response.status).toBe(200);
    const next = await gateway(key);
    expect(next.status).toBe(200);
    expect(next.headers.get("x-ratelimit-limit")).toBe("900");
    expect(next.headers.get("ratelimit-policy")).toContain('"monthly";q=5000000;');
    const [row] = await services()
      .database.db.select()
      .from(platformAuditLogs)
      .where(eq(platformAuditLogs.organizationId, target.organizationId));
    expect(row).toMatchObject({
      action: "organization.limits_update",
      actorUserId: operator.userId,
      actorEmail: operator.email,
      targetType: "organization",
      before: { plan: "FREE" },
      after: {
        plan: "FREE",
        limitsOverride: { requestsPerMinute: 900, burst: 150, monthlyQuota: 5_000_000 },
      },
    });
    expect(row?.requestId).toMatch(/^[0-9a-f-]{36}$/);
    // The customer's own audit trail shows that the platform changed it, not who.
    const [customerRow] = await services()
      .database.db.select()
      .from(auditLogs)
      .where(
        and(
          eq(auditLogs.organizationId, target.organizationId),
          eq(auditLogs.action, "organization.billing_update"),
        ),
      );
    expect(customerRow).toMatchObject({ actorType: "system", actorLabel: "Platform operator" });
    // A plan change goes the same way; removing the override leaves the plan's limits.
    expect((await setLimits(target.organizationId, { plan: "PRO", limitsOverride: null })).status).toBe(200);
    expect((await gateway(key)).headers.get("x-ratelimit-limit")).toBe("6000");
  });

  it("reverts to the plan's limits the moment the override expires", async () => {
    const target = await ownerWithOrg();
    const { key } = await createKey(target.cookie);
    const expiresAt = new Date(Date.now() + 2_500).toISOString();
    const response = await setLimits(target.organizationId, {
      limitsOverride: { requestsPerMinute: 700, burst: 70, monthlyQuota: null, expiresAt },
    });
    expect(response.status).toBe(200);
    expect((await gateway(key)).headers.get("x-ratelimit-limit")).toBe("700");
    await new Promise((resolve) => setTimeout(resolve, Date.parse(expiresAt) - Date.now() + 100));
    // No job ran and nothing was published: the expiry is evaluated on the request.
    expect((await gateway(key)).headers.get("x-ratelimit-limit")).toBe("60");
    const page = (await (
      await api(`/operator/organizations/${target.organizationId}`, { cookie: operator.cookie })
    ).json()) as { limits: { source: string }; limitsOverride: { expiresAt: string } | null };
    expect(page.limits.source).toBe("plan");
    expect(page.limitsOverride?.expiresAt).toBe(expiresAt);
  });

  it("refuses malformed, hostile and oversized bodies with a clear error, changing nothing", async () => {
    const target = await ownerWithOrg();
    const cases: Array<[unknown, number]> = [
      [{}, 400],
      [{ plan: "GOLD" }, 400],
      [{ limitsOverride: { requestsPerMinute: 0, burst: 1, monthlyQuota: null } }, 400],
      [
        {
          limitsOverride: {
            requestsPerMinute: 10,
            burst: 1,
            monthlyQuota: null,
            expiresAt: "2001-01-01T00:00:00Z",
          },
        },
        400,
      ],
      [{ limitsOverride: { requestsPerMinute: 10, burst: 1, monthlyQuota: null, extra: true } }, 400],
      [{ plan: "PRO", __proto__: { admin: true }, constructor: {} }, 400],
      [{ plan: "PRO", note: "x".repeat(70_000) }, 413],
    ];
    for (const [body, status] of cases) {
      const response = await setLimits(target.organizationId, body);
      expect(response.status, JSON.stringify(body).slice(0, 80)).toBe(status);
    }
    const raw = await api(`/operator/organizations/${target.organizationId}/limits`, {
      method: "PUT",
      cookie: operator.cookie,
      rawBody: "{not json",
    });
    expect(raw.status).toBe(400);
    const [org] = await services()
      .database.db.select()
      .from(organizations)
      .where(eq(organizations.id, target.organizationId));
    expect(org).toMatchObject({ plan: "FREE", limitsOverride: null });
    expect((await setLimits("org_missing", { plan: "PRO" })).status).toBe(404);
  });
});

describe("suspension", () => {
  it("refuses every key of the organization with ORGANIZATION_SUSPENDED; unsuspending restores it all", async () => {
    const target = await ownerWithOrg();
    const first = await createKey(target.cookie);
    const second = await createKey(target.cookie);
    const bystander = await createKey(customer.cookie);
    for (const { key } of [first, second]) expect((await gateway(key)).status).toBe(200);

    const suspend = await api(`/operator/organizations/${target.organizationId}/suspend`, {
      cookie: operator.cookie,
      body: { reason: "Unpaid invoices since October" },
    });
    expect(suspend.status).toBe(200);
    for (const { key } of [first, second]) {
      const refused = await gateway(key);
      expect(refused.status).toBe(403);
      expect((await refused.json()) as unknown).toMatchObject({
        error: { code: "ORGANIZATION_SUSPENDED", docs: expect.stringContaining("#organization-suspended") },
      });
    }
    expect((await gateway(bystander.key)).status).toBe(200);
    // The members still sign in and see why.
    const settings = (await (await api("/organization", { cookie: target.cookie })).json()) as {
      suspension: { reason: string; since: string } | null;
    };
    expect(settings.suspension).toMatchObject({ reason: "Unpaid invoices since October" });
    const again = await api(`/operator/organizations/${target.organizationId}/suspend`, {
      cookie: operator.cookie,
      body: { reason: "twice" },
    });
    expect(again.status).toBe(409);

    const unsuspend = await api(`/operator/organizations/${target.organizationId}/unsuspend`, {
      cookie: operator.cookie,
      body: { note: "Paid" },
    });
    expect(unsuspend.status).toBe(200);
    for (const { key } of [first, second]) expect((await gateway(key)).status).toBe(200);
    expect(
      ((await (await api("/organization", { cookie: target.cookie })).json()) as { suspension: unknown })
        .suspension,
    ).toBeNull();

    const audit = (await (
      await api(`/operator/audit-logs?organizationId=${target.organizationId}`, { cookie: operator.cookie })
    ).json()) as { data: { action: string; actorEmail: string; after: Record<string, unknown> }[] };
    expect(audit.data.map((row) => row.action)).toEqual(["organization.unsuspend", "organization.suspend"]);
    expect(audit.data[1]).toMatchObject({
      actorEmail: operator.email,
      after: { suspended: true, reason: "Unpaid invoices since October" },
    });
    expect(audit.data[0]?.after).toMatchObject({ suspended: false, note: "Paid" });
  });

  it("needs a reason, and refuses hostile ones", async () => {
    const target = await ownerWithOrg();
    for (const body of [
      {},
      { reason: "" },
      { reason: "ab" },
      { reason: "x".repeat(501) },
      { reason: "a\u0000b c" },
    ]) {
      const response = await api(`/operator/organizations/${target.organizationId}/suspend`, {
        cookie: operator.cookie,
        body,
      });
      expect(response.status, JSON.stringify(body).slice(0, 40)).toBe(400);
    }
    const unsuspendActive = await api(`/operator/organizations/${target.organizationId}/unsuspend`, {
      cookie: operator.cookie,
      body: {},
    });
    expect(unsuspendActive.status).toBe(409);
  });
});

describe("the platform audit log", () => {
  it("filters by action prefix and pages with a keyset cursor", async () => {
    const first = (await (
      await api("/operator/audit-logs?action=organization.&limit=1", { cookie: operator.cookie })
    ).json()) as { data: { id: string; action: string }[]; nextCursor: string | null };
    expect(first.data).toHaveLength(1);
    expect(first.data[0]?.action.startsWith("organization.")).toBe(true);
    expect(first.nextCursor).not.toBeNull();
    const second = (await (
      await api(`/operator/audit-logs?action=organization.&limit=1&cursor=${first.nextCursor}`, {
        cookie: operator.cookie,
      })
    ).json()) as { data: { id: string }[] };
    expect(second.data[0]?.id).not.toBe(first.data[0]?.id);
    for (const query of [
      "?cursor=not-a-cursor",
      "?limit=0",
      "?from=yesterday",
      `?actorId=${"x".repeat(200)}`,
    ]) {
      const response = await api(`/operator/audit-logs${query}`, { cookie: operator.cookie });
      expect(response.status, query).toBe(400);
    }
  });
});
