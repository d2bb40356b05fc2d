// The webhook admin routes: the SSRF guard at create/update (400 naming `url`) and again before
// each send, roles, another organization's ids → 404, secrets encrypted at rest and revealed
// only with an audit row, and the event catalog in the OpenAPI document.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLogs } from "../../src/db/schema/audit.ts";
import { webhooks } from "../../src/db/schema/webhooks.ts";
import { api, errorOf, memberWithRole, ownerWithOrg, type TestUser } from "../admin/helpers.ts";
import { services } from "../helpers.ts";
import { createEndpoint, finishedDelivery, newHook, sendTestEvent } from "./helpers.ts";

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

describe("webhook endpoint URLs (SSRF guard, test environment)", () => {
  it.each([
    "https://10.0.0.1/hook",
    "https://172.31.255.255/hook",
    "https://192.168.0.1/hook",
    "http://169.254.169.254/latest/meta-data/",
    "http://[fd00:ec2::254]/",
    "http://[fe80::1]/",
    "http://100.64.0.1/",
    "http://224.0.0.251/",
    "http://0.0.0.0/",
    "http://[::]/",
    "http://[::ffff:192.168.1.1]/",
    "http://0xa9.0xfe.0xa9.0xfe/",
    "http://metadata.google.internal/computeMetadata/v1/",
    "http://printer.local/",
    "http://app.localhost/",
    "http://intranet/",
    "https://admin:secret@hooks.example.com/",
    "ftp://hooks.example.com/",
    "gopher://127.0.0.1:6379/_FLUSHALL",
    "javascript:alert(1)",
    "/relative/path",
    "https://198.51.100.7/hook",
  ])("refuses %s with 400 naming url", async (url) => {
    const response = await api("/webhooks/endpoints", { cookie: owner.cookie, body: { url } });
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.fields?.map((f) => f.path)).toEqual(["url"]);
  });

  it("accepts public https and, in development/test only, a loopback http receiver; update is checked too", async () => {
    const hook = await newHook();
    const local = await createEndpoint(owner.cookie, { url: hook.url });
    expect(local.endpoint.url).toBe(hook.url);
    const publicOne = await createEndpoint(owner.cookie, { url: "https://hooks.example.com/edgegate" });
    expect(publicOne.endpoint).toMatchObject({ enabled: true, eventTypes: [] });
    const update = await api(`/webhooks/endpoints/${publicOne.endpoint.id}`, {
      method: "PATCH",
      cookie: owner.cookie,
      body: { url: "http://10.0.0.8/" },
    });
    expect(update.status).toBe(400);
    expect((await errorOf(update)).fields?.[0]?.path).toBe("url");
  });

  it("refuses at send time a URL that no longer passes (attempt recorded as blocked, no retry)", async () => {
    const hook = await newHook();
    const { endpoint } = await createEndpoint(owner.cookie, { url: hook.url });
    await services()
      .database.db.update(webhooks)
      .set({ url: "http://169.254.169.254/latest/meta-data/" })
      .where(eq(webhooks.id, endpoint.id));
    await sendTestEvent(owner.cookie, endpoint.id);
    const detail = await finishedDelivery(owner.cookie, endpoint.id);
    expect(detail.delivery).toMatchObject({ status: "failed", attempts: 1 });
    expect(detail.attempts[0]).toMatchObject({ errorClass: "blocked", statusCode: null });
    expect(await hook.received()).toEqual([]);
  });
});

describe("webhook admin routes", () => {
  it("stores the secret encrypted, reveals it only to admins, and audits the reveal without the secret", async () => {
    const { endpoint, secret } = await createEndpoint(owner.cookie, { url: "https://hooks.example.com/a" });
    const [row] = await services().database.db.select().from(webhooks).where(eq(webhooks.id, endpoint.id));
    expect(row?.secretCiphertext).toMatch(/^k1:/);
    expect(row?.secretCiphertext).not.toContain(secret.slice("whsec_".length, 20));

    const denied = await api(`/webhooks/endpoints/${endpoint.id}/secret/reveal`, {
      cookie: developer.cookie,
      body: {},
    });
    expect(denied.status).toBe(403);
    const revealed = await api(`/webhooks/endpoints/${endpoint.id}/secret/reveal`, {
      cookie: owner.cookie,
      body: {},
    });
    expect(revealed.status).toBe(200);
    expect(revealed.headers.get("Cache-Control")).toBe("no-store");
    expect(await revealed.json()).toEqual({ secret });
    const audits = await services()
      .database.db.select()
      .from(auditLogs)
      .where(eq(auditLogs.targetId, endpoint.id));
    expect(audits.map((a) => a.action).sort()).toEqual([
      "webhook_endpoint.create",
      "webhook_endpoint.reveal_secret",
    ]);
    expect(JSON.stringify(audits)).not.toContain(secret);
  });

  it("lets every role read, and only admins and owners change", async () => {
    const { endpoint } = await createEndpoint(owner.cookie, { url: "https://hooks.example.com/roles" });
    const list = await api("/webhooks/endpoints", { cookie: viewer.cookie });
    expect(list.status).toBe(200);
    const body = (await list.json()) as { data: { id: string; health: { attempts24h: number } }[] };
    expect(body.data.find((e) => e.id === endpoint.id)?.health).toEqual({
      attempts24h: 0,
      successRate24h: null,
      lastAttemptAt: null,
    });
    expect((await api("/webhooks/deliveries", { cookie: viewer.cookie })).status).toBe(200);
    expect((await api("/webhooks/event-types", { cookie: viewer.cookie })).status).toBe(200);
    for (const user of [viewer, developer]) {
      const create = await api("/webhooks/endpoints", {
        cookie: user.cookie,
        body: { url: "https://hooks.example.com/x" },
      });
      expect(create.status).toBe(403);
      const disable = await api(`/webhooks/endpoints/${endpoint.id}/disable`, {
        cookie: user.cookie,
        body: {},
      });
      expect(disable.status).toBe(403);
    }
  });

  it("answers 404 for another organization's endpoints and deliveries, and lists only its own", async () => {
    const hook = await newHook();
    const { endpoint } = await createEndpoint(owner.cookie, { url: hook.url });
    await sendTestEvent(owner.cookie, endpoint.id);
    const detail = await finishedDelivery(owner.cookie, endpoint.id);
    const id = endpoint.id;
    const attempts: [string, string, unknown?][] = [
      ["GET", `/webhooks/endpoints/${id}`],
      ["PATCH", `/webhooks/endpoints/${id}`, { description: "mine now" }],
      ["DELETE", `/webhooks/endpoints/${id}`],
      ["POST", `/webhooks/endpoints/${id}/enable`, {}],
      ["POST", `/webhooks/endpoints/${id}/disable`, {}],
      ["POST", `/webhooks/endpoints/${id}/secret/reveal`, {}],
      ["POST", `/webhooks/endpoints/${id}/secret/rotate`, {}],
      ["POST", `/webhooks/endpoints/${id}/test`, {}],
      ["POST", `/webhooks/endpoints/${id}/recover`, { since: new Date(0).toISOString() }],
      ["GET", `/webhooks/deliveries/${detail.delivery.id}`],
      ["POST", `/webhooks/deliveries/${detail.delivery.id}/replay`, {}],
    ];
    for (const [method, path, body] of attempts) {
      const response = await api(path, { method, cookie: other.cookie, body });
      expect(response.status, `${method} ${path}`).toBe(404);
    }
    const theirs = (await (await api("/webhooks/endpoints", { cookie: other.cookie })).json()) as {
      data: unknown[];
    };
    expect(theirs.data).toEqual([]);
    const filtered = (await (
      await api(`/webhooks/deliveries?endpointId=${id}`, { cookie: other.cookie })
    ).json()) as {
      data: unknown[];
    };
    expect(filtered.data).toEqual([]);
    // Still there, unchanged, for its owner.
    const mine = await api(`/webhooks/endpoints/${id}`, { cookie: owner.cookie });
    expect(await mine.json()).toMatchObject({ id, enabled: true, description: "" });
  });

  it("pages the delivery log with a cursor and filters it by status and event type", async () => {
    const hook = await newHook();
    const { endpoint } = await createEndpoint(owner.cookie, { url: hook.url });
    for (const type of ["api_key.created", "api_key.updated", "api_key.revoked"]) {
      await sendTestEvent(owner.cookie, endpoint.id, type);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query = new URLSearchParams({
        endpointId: endpoint.id,
        limit: "2",
        ...(cursor ? { cursor } : {}),
      });
      const page = (await (await api(`/webhooks/deliveries?${query}`, { cookie: owner.cookie })).json()) as {
        data: { eventType: string }[];
        nextCursor: string | null;
      };
      seen.push(...page.data.map((d) => d.eventType));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(["api_key.revoked", "api_key.updated", "api_key.created"]);
    const updated = (await (
      await api(`/webhooks/deliveries?endpointId=${endpoint.id}&eventType=api_key.updated`, {
        cookie: owner.cookie,
      })
    ).json()) as { data: { eventType: string }[] };
    expect(updated.data.map((d) => d.eventType)).toEqual(["api_key.updated"]);
    const bad = await api("/webhooks/deliveries?status=lost", { cookie: owner.cookie });
    expect((await errorOf(bad)).fields?.[0]?.path).toBe("status");
  });

  it("publishes every event's payload schema under the OpenAPI document's top-level webhooks", async () => {
    const document = (await (await api("/openapi.json")).json()) as {
      openapi: string;
      webhooks: Record<
        string,
        {
          post: {
            requestBody: { content: Record<string, { schema: { properties: Record<string, unknown> } }> };
          };
        }
      >;
    };
    expect(document.openapi).toBe("3.1.0");
    const catalog = (await (await api("/webhooks/event-types", { cookie: owner.cookie })).json()) as {
      data: { type: string }[];
    };
    expect(Object.keys(document.webhooks).sort()).toEqual(catalog.data.map((e) => e.type).sort());
    expect(Object.keys(document.webhooks)).toEqual(
      expect.arrayContaining([
        "api_key.created",
        "api_key.rotated",
        "member.role_changed",
        "webhook_endpoint.disabled",
      ]),
    );
    const created =
      document.webhooks["api_key.created"]?.post.requestBody.content["application/json"]?.schema;
    expect(created?.properties).toMatchObject({
      type: { const: "api_key.created" },
      data: { type: "object" },
    });
  });
});
