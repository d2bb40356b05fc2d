// What keeps webhooks from being lost or stuck: the cron sweep after a failed queue send or a
// dispatch that never ran, replay and recover, secret rotation's overlap window, and the
// clock-driven auto-disable with its event to the organization's other endpoints.
import {
  createExecutionContext,
  createScheduledController,
  env,
  waitOnExecutionContext,
} from "cloudflare:test";
import { WEBHOOK_EVENTS } from "@edgegate/shared/webhook-events";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLogs } from "../../src/db/schema/audit.ts";
import { webhooks } from "../../src/db/schema/webhooks.ts";
import worker from "../../src/index.ts";
import { writeAudit } from "../../src/services/audit.ts";
import { api, ownerWithOrg, type TestUser, uniqueIp } from "../admin/helpers.ts";
import { callGateway, services } from "../helpers.ts";
import {
  createEndpoint,
  type DeliveryView,
  deliveryDetail,
  finishedDelivery,
  listDeliveries,
  newHook,
  sendTestEvent,
  verify,
  waitFor,
} from "./helpers.ts";

type Owner = TestUser & { organizationId: string };
let owner: Owner;

beforeAll(async () => {
  owner = await ownerWithOrg();
});

async function runSweep(at: number) {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ cron: "* * * * *", scheduledTime: at }), env, ctx);
  await waitOnExecutionContext(ctx);
}

describe("webhook recovery", () => {
  it("delivers through the cron sweep when the queue send failed or the dispatch never ran", async () => {
    const hook = await newHook();
    const { endpoint } = await createEndpoint(owner.cookie, { url: hook.url });
    // The admin request's after-response dispatch hits a queue that refuses every send.
    const brokenQueue = {
      send: async () => {
        throw new Error("queue unavailable");
      },
      sendBatch: async () => {
        throw new Error("queue unavailable");
      },
    };
    const response = await callGateway(
      `/api/webhooks/endpoints/${endpoint.id}/test`,
      {
        method: "POST",
        headers: {
          Cookie: owner.cookie,
          Origin: new URL(env.ADMIN_ORIGIN).origin,
          "Content-Type": "application/json",
        },
        body: JSON.stringify({ eventType: "api_key.revoked" }),
        ip: uniqueIp(),
      },
      { WEBHOOK_DELIVERIES: brokenQueue as unknown as Queue },
    );
    expect(response.status).toBe(202);
    // An event whose dispatch never ran (the isolate died after commit).
    const s = services();
    await writeAudit(
      s,
      null,
      owner.organizationId,
      { type: "system", id: null, label: "test" },
      {
        action: "webhook_endpoint.test",
        targetType: "webhook_endpoint",
        targetId: endpoint.id,
        event: {
          type: "api_key.deleted",
          data: WEBHOOK_EVENTS["api_key.deleted"].example,
          webhookId: endpoint.id,
        },
      },
    );
    const pending = await listDeliveries(owner.cookie, { endpointId: endpoint.id });
    expect(pending.map((d) => [d.eventType, d.status])).toEqual([["api_key.revoked", "pending"]]);
    expect(await hook.received()).toEqual([]);

    await runSweep(Date.now() + 3 * 60_000);
    const got = await waitFor("both deliveries", async () => {
      const list = await hook.received();
      return list.length >= 2 && list;
    });
    expect(got.map((d) => JSON.parse(d.body).type).sort()).toEqual(["api_key.deleted", "api_key.revoked"]);
    const finished = await waitFor("both succeeded", async () => {
      const list = await listDeliveries(owner.cookie, { endpointId: endpoint.id });
      return list.length === 2 && list.every((d) => d.status === "succeeded") && list;
    });
    expect(finished.every((d: DeliveryView) => d.attempts === 1)).toBe(true);
  });

  it("replays one delivery and recovers every failed one since a time", async () => {
    const hook = await newHook({ failTimes: -1, failStatus: 500 });
    const { endpoint, secret } = await createEndpoint(owner.cookie, { url: hook.url });
    const since = new Date(Date.now() - 1000).toISOString();
    await sendTestEvent(owner.cookie, endpoint.id, "api_key.created");
    await sendTestEvent(owner.cookie, endpoint.id, "api_key.updated");
    const failed = await waitFor("two failed deliveries", async () => {
      const list = await listDeliveries(owner.cookie, { endpointId: endpoint.id, status: "failed" });
      return list.length === 2 && list;
    });
    expect(failed.every((d) => d.attempts === 4)).toBe(true);

    await hook.behave({});
    const [first] = failed;
    if (!first) throw new Error("no delivery");
    const replay = await api(`/webhooks/deliveries/${first.id}/replay`, { cookie: owner.cookie, body: {} });
    expect(replay.status).toBe(202);
    const replayed = await waitFor("the replay", async () => {
      const detail = await deliveryDetail(owner.cookie, first.id);
      return detail.delivery.status === "succeeded" && detail;
    });
    expect(replayed.attempts.map((a) => a.statusCode)).toEqual([500, 500, 500, 500, 200]);
    // Same webhook-id as the original attempts: receivers deduplicate on it.
    expect(new Set(replayed.attempts.map((a) => a.requestHeaders["webhook-id"])).size).toBe(1);

    const recover = await api(`/webhooks/endpoints/${endpoint.id}/recover`, {
      cookie: owner.cookie,
      body: { since },
    });
    expect(recover.status).toBe(202);
    expect(await recover.json()).toEqual({ recovered: 1 });
    await waitFor("all succeeded", async () => {
      const list = await listDeliveries(owner.cookie, { endpointId: endpoint.id });
      return list.every((d) => d.status === "succeeded");
    });
    const successes = (await hook.received()).filter((d) => d.answered === 200);
    expect(successes.map((d) => verify(secret, d).type).sort()).toEqual([
      "api_key.created",
      "api_key.updated",
    ]);
  });

  it("signs with both secrets for 24 hours after a rotation, then with the new one only", async () => {
    const hook = await newHook();
    const { endpoint, secret: oldSecret } = await createEndpoint(owner.cookie, { url: hook.url });
    const rotated = await api(`/webhooks/endpoints/${endpoint.id}/secret/rotate`, {
      cookie: owner.cookie,
      body: {},
    });
    expect(rotated.status).toBe(200);
    const { secret: newSecret, endpoint: view } = (await rotated.json()) as {
      secret: string;
      endpoint: { secretRotatingUntil: string };
    };
    expect(newSecret).not.toBe(oldSecret);
    expect(Date.parse(view.secretRotatingUntil) - Date.now()).toBeGreaterThan(23.9 * 3600_000);

    await sendTestEvent(owner.cookie, endpoint.id);
    const [during] = await waitFor("a delivery", async () => {
      const list = await hook.received();
      return list.length === 1 && list;
    });
    if (!during) throw new Error("no delivery");
    expect(during.headers["webhook-signature"]?.split(" ")).toHaveLength(2);
    expect(verify(oldSecret, during).type).toBe("api_key.created");
    expect(verify(newSecret, during).type).toBe("api_key.created");

    // The overlap is over (as 24 hours later).
    await services()
      .database.db.update(webhooks)
      .set({ previousSecretExpiresAt: new Date(Date.now() - 1000) })
      .where(eq(webhooks.id, endpoint.id));
    await sendTestEvent(owner.cookie, endpoint.id);
    const after = await waitFor("a second delivery", async () => {
      const list = await hook.received();
      return list.length === 2 && list[1];
    });
    expect(after.headers["webhook-signature"]?.split(" ")).toHaveLength(1);
    expect(verify(newSecret, after).type).toBe("api_key.created");
    expect(() => verify(oldSecret, after)).toThrow();

    const reveal = await api(`/webhooks/endpoints/${endpoint.id}/secret/reveal`, {
      cookie: owner.cookie,
      body: {},
    });
    expect(await reveal.json()).toEqual({ secret: newSecret });
  });

  it("disables an endpoint failing for 5 days, tells the organization's other endpoints, and re-enables in one call", async () => {
    const org = await ownerWithOrg();
    const broken = await newHook({ failTimes: -1, failStatus: 502 });
    const watcher = await newHook();
    const failing = await createEndpoint(org.cookie, { url: broken.url });
    const listening = await createEndpoint(org.cookie, {
      url: watcher.url,
      eventTypes: ["webhook_endpoint.disabled"],
    });
    // The clock: its first failure since the last success was six days ago.
    const s = services();
    await s.database.db
      .update(webhooks)
      .set({ failingSince: new Date(Date.now() - 6 * 86_400_000), consecutiveFailures: 40 })
      .where(eq(webhooks.id, failing.endpoint.id));
    await sendTestEvent(org.cookie, failing.endpoint.id);

    const [notice] = await waitFor("the endpoint.disabled event", async () => {
      const list = await watcher.received();
      return list.length > 0 && list;
    });
    if (!notice) throw new Error("no notice");
    expect(verify(listening.secret, notice)).toMatchObject({
      type: "webhook_endpoint.disabled",
      data: { id: failing.endpoint.id, url: broken.url, reason: expect.stringMatching(/5 days/) },
    });
    const view = await (
      await api(`/webhooks/endpoints/${failing.endpoint.id}`, { cookie: org.cookie })
    ).json();
    // The failing streak the SPA shows: the 40 failures before, plus this one.
    expect(view).toMatchObject({
      enabled: false,
      disabledReason: expect.stringMatching(/5 days/),
      consecutiveFailures: 41,
      failingSince: expect.any(String),
    });
    const [audit] = await s.database.db
      .select()
      .from(auditLogs)
      .where(
        and(
          eq(auditLogs.organizationId, org.organizationId),
          eq(auditLogs.action, "webhook_endpoint.auto_disable"),
        ),
      );
    expect(audit).toMatchObject({ actorType: "system", targetId: failing.endpoint.id });
    // The delivery in flight stops at its next attempt: the endpoint is disabled.
    const detail = await finishedDelivery(org.cookie, failing.endpoint.id);
    expect(detail.delivery.status).toBe("failed");
    expect(detail.delivery.attempts).toBe(1);

    const enable = await api(`/webhooks/endpoints/${failing.endpoint.id}/enable`, {
      cookie: org.cookie,
      body: {},
    });
    expect(await enable.json()).toMatchObject({
      enabled: true,
      disabledReason: null,
      consecutiveFailures: 0,
      failingSince: null,
    });
    // Re-enabling resends nothing by itself.
    const [after] = await listDeliveries(org.cookie, { endpointId: failing.endpoint.id });
    expect(after?.status).toBe("failed");
  });
});
