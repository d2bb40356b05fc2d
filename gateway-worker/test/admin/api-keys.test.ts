// The API-key routes: happy paths, validation (fields named), 401, 403 for the wrong role,
// 404 for another organization's key, and hostile input.
import { beforeAll, describe, expect, it } from "vitest";
import { callGateway } from "../helpers.ts";
import { api, createKey, errorOf, memberWithRole, ownerWithOrg, type TestUser } from "./helpers.ts";

type Owner = TestUser & { organizationId: string };
let owner: Owner;
let other: Owner;
let viewer: TestUser;
let developer: TestUser;

beforeAll(async () => {
  [owner, other] = await Promise.all([ownerWithOrg(), ownerWithOrg()]);
  [viewer, developer] = await Promise.all([
    memberWithRole(owner.organizationId, "viewer"),
    memberWithRole(owner.organizationId, "developer"),
  ]);
});

const inFuture = () => new Date(Date.now() + 86_400_000).toISOString();

describe("POST /api/keys", () => {
  it("creates a key, returns the full key once, and never returns its hash", async () => {
    const response = await api("/keys", {
      cookie: developer.cookie,
      body: {
        name: "Backend",
        scopes: ["get:users", "*:orders"],
        rateLimitPerMinute: 120,
        burstLimit: 10,
        ipAllowlist: ["203.0.113.0/24", "2001:db8::1"],
        expiresAt: inFuture(),
      },
    });
    expect(response.status).toBe(201);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const body = (await response.json()) as { key: string; apiKey: Record<string, unknown> };
    expect(body.key).toMatch(/^ak_[0-9A-Za-z]{34}$/);
    expect(body.apiKey).toMatchObject({
      name: "Backend",
      status: "active",
      scopes: ["get:users", "*:orders"],
      rateLimitPerMinute: 120,
      burstLimit: 10,
      ipAllowlist: ["203.0.113.0/24", "2001:db8::1"],
      displayPrefix: body.key.slice(0, 9),
    });
    expect(JSON.stringify(body.apiKey)).not.toMatch(/keyHash|ak_[0-9A-Za-z]{20}/);
    const again = await api(`/keys/${body.apiKey.id}`, { cookie: owner.cookie });
    expect(JSON.stringify(await again.json())).not.toContain(body.key);
  });

  it("lists each failing field", async () => {
    const response = await api("/keys", {
      cookie: owner.cookie,
      body: {
        name: "x".repeat(101),
        scopes: ["read:everything", "GET:users"],
        // inet_aton forms ("10.1", hex) read as typos in an allowlist and are refused too.
        ipAllowlist: ["10.0.0.0/33", "300.1.1.1", "10.0.0.0/8", "10.1", "0x0a.0.0.1/8"],
        expiresAt: new Date(Date.now() - 1000).toISOString(),
        rateLimitPerMinute: 0,
      },
    });
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.code).toBe("VALIDATION_FAILED");
    const paths = error.fields?.map((f) => f.path).sort();
    expect(paths).toEqual(
      [
        "expiresAt",
        "ipAllowlist.0",
        "ipAllowlist.1",
        "ipAllowlist.3",
        "ipAllowlist.4",
        "name",
        "rateLimitPerMinute",
        "scopes.0",
        "scopes.1",
      ].sort(),
    );
  });

  it("refuses unknown fields, missing fields and an empty scope list", async () => {
    const unknown = await api("/keys", {
      cookie: owner.cookie,
      body: { name: "a", scopes: ["*"], keyHash: "x" },
    });
    expect(unknown.status).toBe(400);
    expect((await errorOf(unknown)).fields).toEqual([{ path: "keyHash", message: "is not a known field" }]);
    const missing = await errorOf(await api("/keys", { cookie: owner.cookie, body: {} }));
    expect(missing.fields?.map((f) => f.path).sort()).toEqual(["name", "scopes"]);
    expect((await api("/keys", { cookie: owner.cookie, body: { name: "a", scopes: [] } })).status).toBe(400);
  });

  it("answers 409 CONFLICT for a duplicate name in the same organization only", async () => {
    const name = `dup-${crypto.randomUUID()}`;
    await createKey(owner.cookie, { name });
    const dup = await api("/keys", { cookie: owner.cookie, body: { name, scopes: ["*"] } });
    expect(dup.status).toBe(409);
    expect((await errorOf(dup)).code).toBe("CONFLICT");
    await createKey(other.cookie, { name });
  });

  it("frees a revoked key's name for a new key", async () => {
    const name = `reuse-${crypto.randomUUID()}`;
    const first = await createKey(owner.cookie, { name });
    const revoked = await api(`/keys/${first.apiKey.id}/revoke`, { cookie: owner.cookie, method: "POST" });
    expect(revoked.status).toBe(200);
    const second = await api("/keys", { cookie: owner.cookie, body: { name, scopes: ["*"] } });
    expect(second.status).toBe(201);
    // The live one holds the name again.
    expect((await api("/keys", { cookie: owner.cookie, body: { name, scopes: ["*"] } })).status).toBe(409);
  });

  it("answers 415 for a non-JSON body and 413 for a huge one, 400 for malformed JSON", async () => {
    const text = await api("/keys", { cookie: owner.cookie, rawBody: "name=a", contentType: "text/plain" });
    expect(text.status).toBe(415);
    expect((await errorOf(text)).code).toBe("UNSUPPORTED_MEDIA_TYPE");
    const huge = await api("/keys", {
      cookie: owner.cookie,
      rawBody: JSON.stringify({ name: "a", scopes: ["*"], pad: "x".repeat(200_000) }),
    });
    expect(huge.status).toBe(413);
    expect((await errorOf(huge)).code).toBe("PAYLOAD_TOO_LARGE");
    const malformed = await api("/keys", { cookie: owner.cookie, rawBody: "{not json" });
    expect(malformed.status).toBe(400);
  });

  it("stores SQL and HTML injection strings as inert text", async () => {
    const name = `'); DROP TABLE api_keys; -- <script>alert(1)</script> ${crypto.randomUUID()}`;
    const created = await createKey(owner.cookie, { name });
    expect(created.apiKey.name).toBe(name);
    const read = await api(`/keys/${created.apiKey.id}`, { cookie: owner.cookie });
    expect(read.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(((await read.json()) as { name: string }).name).toBe(name);
    const search = await api(`/keys?q=${encodeURIComponent("'); DROP TABLE")}`, { cookie: owner.cookie });
    expect(((await search.json()) as { data: { name: string }[] }).data.map((k) => k.name)).toContain(name);
  });

  it("answers 401 without a session, 403 for a viewer", async () => {
    const anonymous = await api("/keys", { body: { name: "a", scopes: ["*"] } });
    expect(anonymous.status).toBe(401);
    expect((await errorOf(anonymous)).code).toBe("UNAUTHORIZED");
    const forbidden = await api("/keys", { cookie: viewer.cookie, body: { name: "a", scopes: ["*"] } });
    expect(forbidden.status).toBe(403);
    expect((await errorOf(forbidden)).code).toBe("FORBIDDEN");
  });
});

describe("GET /api/keys", () => {
  it("searches by name and prefix, filters by status, sorts and paginates with a cursor", async () => {
    const org = await ownerWithOrg();
    const names = ["alpha", "bravo", "charlie", "delta", "echo"];
    const created = [];
    for (const name of names) created.push(await createKey(org.cookie, { name }));
    await api(`/keys/${created[1]?.apiKey.id}/revoke`, { cookie: org.cookie, method: "POST" });
    await api(`/keys/${created[2]?.apiKey.id}`, {
      cookie: org.cookie,
      method: "PATCH",
      body: { enabled: false },
    });

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (await (
        await api(`/keys?sort=name&limit=2${cursor ? `&cursor=${cursor}` : ""}`, { cookie: org.cookie })
      ).json()) as { data: { name: string }[]; nextCursor: string | null };
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.data.map((k) => k.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(names);

    const newest = (await (await api("/keys?limit=2", { cookie: org.cookie })).json()) as {
      data: { name: string }[];
      nextCursor: string;
    };
    expect(newest.data.map((k) => k.name)).toEqual(["echo", "delta"]);
    const next = (await (
      await api(`/keys?limit=2&cursor=${newest.nextCursor}`, { cookie: org.cookie })
    ).json()) as {
      data: { name: string }[];
    };
    expect(next.data.map((k) => k.name)).toEqual(["charlie", "bravo"]);

    const byStatus = async (status: string) =>
      (
        (await (await api(`/keys?status=${status}`, { cookie: org.cookie })).json()) as {
          data: { name: string }[];
        }
      ).data.map((k) => k.name);
    expect(await byStatus("revoked")).toEqual(["bravo"]);
    expect(await byStatus("disabled")).toEqual(["charlie"]);
    expect((await byStatus("active")).sort()).toEqual(["alpha", "delta", "echo"]);

    const search = (await (await api("/keys?q=ELT", { cookie: org.cookie })).json()) as {
      data: { name: string }[];
    };
    expect(search.data.map((k) => k.name)).toEqual(["delta"]);
    const prefix = created[4]?.apiKey.displayPrefix as string;
    const byPrefix = (await (await api(`/keys?q=${prefix}`, { cookie: org.cookie })).json()) as {
      data: { name: string }[];
    };
    expect(byPrefix.data.map((k) => k.name)).toEqual(["echo"]);
    // LIKE wildcards match literally.
    const wildcard = (await (await api("/keys?q=%25", { cookie: org.cookie })).json()) as { data: unknown[] };
    expect(wildcard.data).toEqual([]);
  });

  it("validates the query, lets a viewer read, hides other organizations' keys, 401 when anonymous", async () => {
    const bad = await api("/keys?limit=0&status=nope&sort=hash&cursor=garbage&extra=1", {
      cookie: owner.cookie,
    });
    expect(bad.status).toBe(400);
    const fields = (await errorOf(bad)).fields?.map((f) => f.path) ?? [];
    expect(fields).toEqual(expect.arrayContaining(["limit", "status", "sort"]));
    const badCursor = await api("/keys?cursor=garbage", { cookie: owner.cookie });
    expect((await errorOf(badCursor)).fields?.[0]?.path).toBe("cursor");
    // Well-formed cursors carrying values of the wrong type are refused before any SQL runs.
    const forge = (values: unknown[]) => btoa(JSON.stringify(values)).replaceAll("=", "");
    for (const [sort, values] of [
      ["-createdAt", ["not a time", "key_x"]],
      ["-createdAt", [{ injected: true }, "key_x"]],
      ["name", [42, "key_x"]],
      ["name", ["a", "b", "c"]],
    ] as const) {
      const forged = await api(`/keys?sort=${sort}&cursor=${forge([...values])}`, { cookie: owner.cookie });
      expect(forged.status, JSON.stringify(values)).toBe(400);
      expect((await errorOf(forged)).fields?.[0]?.path).toBe("cursor");
    }
    // Postgres text cannot hold NUL: refused as a validation error naming the parameter, not a 500.
    for (const [path, parameter] of [
      ["/keys?q=%00", "q"],
      ["/logs?keyId=%00", "keyId"],
      ["/logs?pathPrefix=/a%00", "pathPrefix"],
      ["/audit-logs?targetId=x%00y", "targetId"],
    ] as const) {
      const nul = await api(path, { cookie: owner.cookie });
      expect(nul.status, path).toBe(400);
      expect((await errorOf(nul)).fields?.[0]?.path, path).toBe(parameter);
    }
    const forgedAudit = await api(`/audit-logs?cursor=${forge(["1 or 1=1"])}`, { cookie: owner.cookie });
    expect((await errorOf(forgedAudit)).fields?.[0]?.path).toBe("cursor");

    const mine = await createKey(owner.cookie);
    const viewerList = (await (await api("/keys?limit=100", { cookie: viewer.cookie })).json()) as {
      data: { id: string }[];
    };
    expect(viewerList.data.map((k) => k.id)).toContain(mine.apiKey.id);
    const otherList = (await (await api("/keys?limit=100", { cookie: other.cookie })).json()) as {
      data: { id: string }[];
    };
    expect(otherList.data.map((k) => k.id)).not.toContain(mine.apiKey.id);
    expect((await api("/keys")).status).toBe(401);
  });
});

describe("GET/PATCH/rotate/revoke/DELETE /api/keys/{id}", () => {
  it("another organization's key answers 404 on every route; unknown ids too", async () => {
    const mine = await createKey(owner.cookie);
    const id = mine.apiKey.id;
    const attempts = [
      api(`/keys/${id}`, { cookie: other.cookie }),
      api(`/keys/${id}`, { cookie: other.cookie, method: "PATCH", body: { name: "stolen" } }),
      api(`/keys/${id}/rotate`, { cookie: other.cookie, body: { gracePeriodSeconds: 0 } }),
      api(`/keys/${id}/revoke`, { cookie: other.cookie, method: "POST" }),
      api(`/keys/${id}`, { cookie: other.cookie, method: "DELETE" }),
      api("/keys/key_does_not_exist", { cookie: owner.cookie }),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.status).toBe(404);
      expect((await errorOf(response)).code).toBe("NOT_FOUND");
    }
    expect((await callGateway("/v1/echo", { key: mine.key })).status).toBe(200);
  });

  it("a viewer reads but cannot change; anonymous callers get 401", async () => {
    const mine = await createKey(owner.cookie);
    const id = mine.apiKey.id;
    expect((await api(`/keys/${id}`, { cookie: viewer.cookie })).status).toBe(200);
    const writes = [
      api(`/keys/${id}`, { cookie: viewer.cookie, method: "PATCH", body: { name: "x" } }),
      api(`/keys/${id}/rotate`, { cookie: viewer.cookie, body: {} }),
      api(`/keys/${id}/revoke`, { cookie: viewer.cookie, method: "POST" }),
      api(`/keys/${id}`, { cookie: viewer.cookie, method: "DELETE" }),
    ];
    for (const response of await Promise.all(writes)) expect(response.status).toBe(403);
    const anonymous = [
      api(`/keys/${id}`),
      api(`/keys/${id}`, { method: "PATCH", body: { name: "x" } }),
      api(`/keys/${id}/rotate`, { body: {} }),
      api(`/keys/${id}/revoke`, { method: "POST" }),
      api(`/keys/${id}`, { method: "DELETE" }),
    ];
    for (const response of await Promise.all(anonymous)) expect(response.status).toBe(401);
  });

  it("PATCH updates settings, validates fields, and the gateway applies the change at once", async () => {
    const mine = await createKey(developer.cookie, { scopes: ["get:echo"] });
    const id = mine.apiKey.id;
    expect((await callGateway("/v1/echo", { key: mine.key })).status).toBe(200);
    const updated = await api(`/keys/${id}`, {
      cookie: developer.cookie,
      method: "PATCH",
      body: { scopes: ["get:users"], rateLimitPerMinute: null, ipAllowlist: [" 192.0.2.0/24 "] },
    });
    expect(updated.status).toBe(200);
    expect(await updated.json()).toMatchObject({ scopes: ["get:users"], ipAllowlist: ["192.0.2.0/24"] });
    expect((await callGateway("/v1/echo", { key: mine.key, ip: "192.0.2.9" })).status).toBe(403);

    const disabled = await api(`/keys/${id}`, {
      cookie: developer.cookie,
      method: "PATCH",
      body: { enabled: false },
    });
    expect(((await disabled.json()) as { status: string }).status).toBe("disabled");
    expect((await callGateway("/v1/users", { key: mine.key, ip: "192.0.2.9" })).status).toBe(401);

    const bad = await api(`/keys/${id}`, {
      cookie: developer.cookie,
      method: "PATCH",
      body: { name: "", ipAllowlist: ["10.0.0.0/33"], expiresAt: "2000-01-01T00:00:00Z", bogus: 1 },
    });
    expect(bad.status).toBe(400);
    const fields = (await errorOf(bad)).fields?.map((f) => f.path) ?? [];
    expect(fields).toEqual(expect.arrayContaining(["name", "ipAllowlist.0", "expiresAt"]));
    expect((await api(`/keys/${id}`, { cookie: developer.cookie, method: "PATCH", body: {} })).status).toBe(
      400,
    );
  });

  it("PATCH to a name another key has answers 409", async () => {
    const a = await createKey(owner.cookie);
    const b = await createKey(owner.cookie);
    const response = await api(`/keys/${b.apiKey.id}`, {
      cookie: owner.cookie,
      method: "PATCH",
      body: { name: a.apiKey.name },
    });
    expect(response.status).toBe(409);
  });

  it("rotate with grace 0 ends the old key now; grace never outlives the key's expiry", async () => {
    const expiresAt = new Date(Date.now() + 60_000).toISOString();
    const mine = await createKey(owner.cookie, { expiresAt });
    const rotated = await api(`/keys/${mine.apiKey.id}/rotate`, {
      cookie: owner.cookie,
      body: { gracePeriodSeconds: 0 },
    });
    expect(rotated.status).toBe(201);
    const body = (await rotated.json()) as {
      key: string;
      apiKey: { id: string; name: string; expiresAt: string };
      previous: { rotatedToKeyId: string; graceExpiresAt: string; status: string };
    };
    expect(body.apiKey.name).toBe(mine.apiKey.name);
    expect(body.apiKey.expiresAt).toBe(expiresAt);
    expect(body.previous.rotatedToKeyId).toBe(body.apiKey.id);
    expect((await callGateway("/v1/echo", { key: mine.key })).status).toBe(401);
    expect((await callGateway("/v1/echo", { key: body.key })).status).toBe(200);

    const long = await api(`/keys/${body.apiKey.id}/rotate`, {
      cookie: owner.cookie,
      body: { gracePeriodSeconds: 86_400 },
    });
    const longBody = (await long.json()) as { previous: { graceExpiresAt: string } };
    expect(longBody.previous.graceExpiresAt).toBe(expiresAt);

    const twice = await api(`/keys/${body.apiKey.id}/rotate`, { cookie: owner.cookie, body: {} });
    expect(twice.status).toBe(409);
    const bad = await api(`/keys/${mine.apiKey.id}/rotate`, {
      cookie: owner.cookie,
      body: { gracePeriodSeconds: -1 },
    });
    expect((await errorOf(bad)).fields?.[0]?.path).toBe("gracePeriodSeconds");
  });

  it("two rotations racing make one successor; the other answers 409", async () => {
    const mine = await createKey(owner.cookie);
    const rotate = () =>
      api(`/keys/${mine.apiKey.id}/rotate`, { cookie: owner.cookie, body: { gracePeriodSeconds: 60 } });
    const statuses = (await Promise.all([rotate(), rotate(), rotate()])).map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409]);
    const list = await api(`/keys?q=${encodeURIComponent(mine.apiKey.name)}`, { cookie: owner.cookie });
    expect(list.status).toBe(200);
    const named = ((await list.json()) as { data: Array<{ name: string }> }).data.filter(
      (key) => key.name === mine.apiKey.name,
    );
    expect(named).toHaveLength(1);
  });

  it("revoke is refused twice; delete makes the gateway answer 401 right after", async () => {
    const revoked = await createKey(owner.cookie);
    expect((await callGateway("/v1/echo", { key: revoked.key })).status).toBe(200);
    expect(
      (await api(`/keys/${revoked.apiKey.id}/revoke`, { cookie: owner.cookie, method: "POST" })).status,
    ).toBe(200);
    expect((await callGateway("/v1/echo", { key: revoked.key })).status).toBe(401);
    expect(
      (await api(`/keys/${revoked.apiKey.id}/revoke`, { cookie: owner.cookie, method: "POST" })).status,
    ).toBe(409);
    expect(
      (
        await api(`/keys/${revoked.apiKey.id}`, {
          cookie: owner.cookie,
          method: "PATCH",
          body: { enabled: true },
        })
      ).status,
    ).toBe(409);

    const deleted = await createKey(owner.cookie);
    expect((await callGateway("/v1/echo", { key: deleted.key })).status).toBe(200);
    const response = await api(`/keys/${deleted.apiKey.id}`, { cookie: developer.cookie, method: "DELETE" });
    expect(response.status).toBe(204);
    expect((await callGateway("/v1/echo", { key: deleted.key })).status).toBe(401);
    expect((await api(`/keys/${deleted.apiKey.id}`, { cookie: owner.cookie })).status).toBe(404);
  });
});
