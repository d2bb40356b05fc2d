// Hostile admin input (issue 13, suite item 4): every case in hostile-cases.ts answers 4xx in the
// error envelope — a 400 naming the field — no case answers 5xx, and nothing is stored: the
// organization, its keys, tokens, members, invitations and audit trail, the user and the
// session's active organization are exactly as before. Then one test per cause for what a
// table cannot show (a refused request elsewhere would have succeeded).
import { count, eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { apiKeys, automationTokens } from "../../src/db/schema/api-keys.ts";
import { auditLogs } from "../../src/db/schema/audit.ts";
import { invitations, members, users } from "../../src/db/schema/auth.ts";
import { organizations } from "../../src/db/schema/organizations.ts";
import { services } from "../helpers.ts";
import { api, type ErrorJson, ownerWithOrg, type TestUser } from "./helpers.ts";
import { type HostileCase, hostileCases } from "./hostile-cases.ts";

type Owner = TestUser & { organizationId: string };

/** Everything a hostile request could have changed, as plain data to compare. */
async function snapshot(owner: Owner) {
  const { db } = services().database;
  const countOf = async (query: Promise<{ n: number }[]>) => (await query)[0]?.n ?? 0;
  const [organization] = await db
    .select()
    .from(organizations)
    .where(eq(organizations.id, owner.organizationId));
  const [user] = await db.select().from(users).where(eq(users.id, owner.userId));
  return {
    organization: { ...organization, updatedAt: undefined },
    user: { name: user?.name, image: user?.image, email: user?.email },
    keys: await countOf(
      db.select({ n: count() }).from(apiKeys).where(eq(apiKeys.organizationId, owner.organizationId)),
    ),
    tokens: await countOf(
      db
        .select({ n: count() })
        .from(automationTokens)
        .where(eq(automationTokens.organizationId, owner.organizationId)),
    ),
    memberships: await countOf(
      db.select({ n: count() }).from(members).where(eq(members.userId, owner.userId)),
    ),
    invitations: await countOf(
      db.select({ n: count() }).from(invitations).where(eq(invitations.organizationId, owner.organizationId)),
    ),
    audit: await countOf(
      db.select({ n: count() }).from(auditLogs).where(eq(auditLogs.organizationId, owner.organizationId)),
    ),
    hostileUsers: await countOf(db.select({ n: count() }).from(users).where(like(users.email, "hostile-%"))),
    hostileOrgs: await countOf(
      db.select({ n: count() }).from(organizations).where(like(organizations.slug, "hostile-%")),
    ),
    activeOrganization: (
      (await (await api("/organization", { cookie: owner.cookie })).json()) as { id?: string }
    ).id,
  };
}

function send(testCase: HostileCase, owner: Owner, token: string): Promise<Response> {
  const auth = testCase.as ?? "session";
  return api(testCase.path, {
    ...(testCase.method ? { method: testCase.method } : {}),
    ...(testCase.raw !== undefined ? { rawBody: testCase.raw } : {}),
    ...(testCase.body !== undefined ? { body: testCase.body } : {}),
    ...(testCase.contentType ? { contentType: testCase.contentType } : {}),
    ...(testCase.headers ? { headers: testCase.headers } : {}),
    ...(auth === "session" ? { cookie: owner.cookie } : {}),
    ...(auth === "token" ? { token } : {}),
  });
}

const namesField = (fields: { path: string }[], expected: string) =>
  fields.some((f) =>
    expected.endsWith("*") ? f.path.startsWith(expected.slice(0, -1)) : f.path === expected,
  );

describe("hostile admin input", () => {
  let owner: Owner;
  let token: string;

  beforeAll(async () => {
    owner = await ownerWithOrg();
    const created = await api("/automation-tokens", {
      cookie: owner.cookie,
      body: { name: "hostile CI", role: "admin" },
    });
    token = ((await created.json()) as { token: string }).token;
  });

  it("answers every case 4xx in the envelope, naming the field; none 5xx; nothing stored", async () => {
    const cases = hostileCases();
    expect(cases.length).toBeGreaterThanOrEqual(100);
    const before = await snapshot(owner);
    const failures: string[] = [];
    let serverErrors = 0;
    for (const testCase of cases) {
      const response = await send(testCase, owner, token);
      if (response.status >= 500) serverErrors++;
      const text = await response.text();
      let envelope: ErrorJson["error"] | undefined;
      try {
        envelope = (JSON.parse(text) as ErrorJson).error;
      } catch {}
      const expected = testCase.status ?? 400;
      const problems = [
        response.status !== expected && `status ${response.status}, expected ${expected}`,
        !(envelope?.code && envelope.message && envelope.requestId && envelope.docs) && "no error envelope",
        testCase.field &&
          !namesField(envelope?.fields ?? [], testCase.field) &&
          `does not name ${testCase.field}`,
      ].filter(Boolean);
      if (problems.length) failures.push(`${testCase.name}: ${problems.join("; ")} — ${text.slice(0, 300)}`);
    }
    console.log(
      `hostile admin input: ${cases.length} cases, ${serverErrors} answered 5xx, ${failures.length} failed`,
    );
    expect(failures).toEqual([]);
    expect(serverErrors).toBe(0);
    expect(await snapshot(owner)).toEqual(before);
  }, 120_000);
});
