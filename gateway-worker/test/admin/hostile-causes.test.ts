// One test per cause in issue 13's "hostile admin input", for what the hostile table cannot
// show: the right input still works after each fix.
import { describe, expect, it } from "vitest";
import { api, createKey, errorOf, ownerWithOrg } from "./helpers.ts";

const PNG =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYPj/HwADAgH/pXJ0VwAAAABJRU5ErkJggg==";

describe("hostile admin input: the causes", () => {
  it("pages keys by name through names above U+00FF (cursor is UTF-8 base64url)", async () => {
    const owner = await ownerWithOrg();
    const names = ["Привет", "e\u0301cole", "😀 emoji", "日本語", "ascii"];
    for (const name of names) await createKey(owner.cookie, { name });
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < names.length + 1; page++) {
      const query: string = `/keys?sort=name&limit=1${cursor ? `&cursor=${cursor}` : ""}`;
      const response = await api(query, { cookie: owner.cookie });
      expect(response.status, query).toBe(200);
      const body = (await response.json()) as { data: { name: string }[]; nextCursor: string | null };
      seen.push(...body.data.map((key) => key.name));
      cursor = body.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it("takes better-auth organization and user updates that follow the rules, and stores them", async () => {
    const owner = await ownerWithOrg();
    const update = await api("/auth/organization/update", {
      cookie: owner.cookie,
      body: { data: { name: "Société Générale 🚀", logo: "https://cdn.example.test/logo.png" } },
    });
    expect(update.status).toBe(200);
    const organization = (await (await api("/organization", { cookie: owner.cookie })).json()) as {
      name: string;
    };
    expect(organization.name).toBe("Société Générale 🚀");
    const user = await api("/auth/update-user", { cookie: owner.cookie, body: { name: "Zoë", image: PNG } });
    expect(user.status).toBe(200);
    const session = (await (await api("/auth/get-session", { cookie: owner.cookie })).json()) as {
      user: { name: string; image: string };
    };
    expect(session.user).toMatchObject({ name: "Zoë", image: PNG });
  });

  it("lists members with the SPA's paging, and answers 404 for another organization's members", async () => {
    const owner = await ownerWithOrg();
    const other = await ownerWithOrg();
    const mine = await api(
      `/auth/organization/list-members?organizationId=${owner.organizationId}&limit=200&sortBy=createdAt&sortDirection=asc`,
      { cookie: owner.cookie },
    );
    expect(mine.status).toBe(200);
    expect(((await mine.json()) as { members: unknown[] }).members).toHaveLength(1);
    const theirs = await api(`/auth/organization/list-members?organizationId=${other.organizationId}`, {
      cookie: owner.cookie,
    });
    expect(theirs.status).toBe(404);
    expect((await errorOf(theirs)).code).toBe("NOT_FOUND");
  });

  it("refuses duplicate JSON keys before they pick a role: no admin token from a viewer request", async () => {
    const owner = await ownerWithOrg();
    const response = await api("/automation-tokens", {
      cookie: owner.cookie,
      rawBody: '{"name":"dup","role":"viewer","role":"admin"}',
    });
    expect(response.status).toBe(400);
    expect((await errorOf(response)).fields).toEqual([{ path: "role", message: "must not appear twice" }]);
    const list = (await (await api("/automation-tokens", { cookie: owner.cookie })).json()) as {
      data: unknown[];
    };
    expect(list.data).toEqual([]);
  });

  it("answers an export with an out-of-range cursor with an enveloped 400, not a broken stream", async () => {
    const owner = await ownerWithOrg();
    // [253402300800000 (year 10000), a UUID], as base64url JSON.
    const cursor = btoa(JSON.stringify([253402300800000, "0193a1b2-c3d4-7e5f-8a6b-1c2d3e4f5a6b"])).replace(
      /=+$/,
      "",
    );
    const response = await api(`/logs/export?cursor=${cursor}`, { cookie: owner.cookie });
    expect(response.status).toBe(400);
    expect(response.headers.get("Content-Type")).toMatch(/application\/json/);
    expect((await errorOf(response)).fields?.map((f) => f.path)).toEqual(["cursor"]);
  });
});
