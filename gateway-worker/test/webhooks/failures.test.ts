// How deliveries fail, against real sockets: a receiver that hangs (the sender's timeout), one that
// resets the connection, one that does not speak TLS on an https URL — each recorded with its
// error class and message on the attempt — and an endpoint whose signing secret cannot be
// decrypted, which must fail the delivery with a clear cause after the retry schedule instead of
// retrying forever, and recover once the secret is rotated.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { webhooks } from "../../src/db/schema/webhooks.ts";
import { api, ownerWithOrg, type TestUser } from "../admin/helpers.ts";
import { services } from "../helpers.ts";
import {
  createEndpoint,
  type DeliveryDetail,
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

/** The endpoint's one delivery once it has at least one attempt. */
async function firstAttempt(endpointId: string): Promise<DeliveryDetail> {
  return waitFor(
    "the first attempt",
    async () => {
      const [delivery] = await listDeliveries(owner.cookie, { endpointId });
      if (!delivery || delivery.attempts === 0) return undefined;
      return deliveryDetail(owner.cookie, delivery.id);
    },
    20_000,
  );
}

describe("delivery failures, over real sockets", () => {
  it("a receiver that never answers: the attempt times out (WEBHOOK_TIMEOUT_MS) as `timeout`", async () => {
    const hook = await newHook({ hang: true });
    const { endpoint } = await createEndpoint(owner.cookie, { url: hook.url });
    await sendTestEvent(owner.cookie, endpoint.id);
    const detail = await firstAttempt(endpoint.id);
    const [attempt] = detail.attempts;
    expect(attempt).toMatchObject({ attemptNumber: 1, statusCode: null, errorClass: "timeout" });
    expect(attempt?.errorMessage).toBe(`No response within ${services().config.WEBHOOK_TIMEOUT_MS} ms`);
    // It arrived (the receiver read it) and the delivery goes on with its schedule.
    expect((await hook.received()).length).toBeGreaterThanOrEqual(1);
    expect(detail.delivery.status).not.toBe("succeeded");
  });

  it("a receiver that resets the connection: `connect`, with the runtime's message", async () => {
    const hook = await newHook({ reset: true });
    const { endpoint } = await createEndpoint(owner.cookie, { url: hook.url });
    await sendTestEvent(owner.cookie, endpoint.id);
    const [attempt] = (await firstAttempt(endpoint.id)).attempts;
    expect(attempt).toMatchObject({ statusCode: null, errorClass: "connect" });
    expect(attempt?.errorMessage).toMatch(/connection lost|reset/i);
  });

  it("an https URL on a server that does not speak TLS: `tls`", async () => {
    const hook = await newHook();
    const { endpoint } = await createEndpoint(owner.cookie, { url: hook.url.replace(/^http:/, "https:") });
    await sendTestEvent(owner.cookie, endpoint.id);
    const [attempt] = (await firstAttempt(endpoint.id)).attempts;
    expect(attempt, JSON.stringify(attempt)).toMatchObject({ statusCode: null, errorClass: "tls" });
    expect(attempt?.errorMessage).toMatch(/^TLS handshake failed/);
    expect(await hook.received()).toEqual([]);
  });
});

describe("an endpoint secret that cannot be decrypted", () => {
  it("fails the delivery with the cause after the retry schedule, sends nothing, and recovers after a rotation", async () => {
    const hook = await newHook();
    const { endpoint } = await createEndpoint(owner.cookie, { url: hook.url });
    // Sealed under a key version this deployment does not have (as after dropping k1 from
    // WEBHOOK_SECRET_ENCRYPTION_KEY too early).
    await services()
      .database.db.update(webhooks)
      .set({ secretCiphertext: "k9:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" })
      .where(eq(webhooks.id, endpoint.id));
    await sendTestEvent(owner.cookie, endpoint.id);

    // The test schedule has 4 steps of about a second: bounded, then failed with the reason.
    const detail = await finishedDelivery(owner.cookie, endpoint.id);
    expect(detail.delivery).toMatchObject({ status: "failed", attempts: 0, lastStatusCode: null });
    expect(detail.delivery.lastError).toMatch(
      /^Not sent: the endpoint's signing secret could not be decrypted .*WEBHOOK_SECRET_ENCRYPTION_KEY/,
    );
    expect(detail.attempts).toEqual([]);
    expect(await hook.received()).toEqual([]);
    // Not the receiver's fault: its failing streak is untouched.
    const view = (await (
      await api(`/webhooks/endpoints/${endpoint.id}`, { cookie: owner.cookie })
    ).json()) as {
      consecutiveFailures: number;
      enabled: boolean;
    };
    expect(view).toMatchObject({ consecutiveFailures: 0, enabled: true });

    // Rotating replaces the secret; the unreadable one is only the "previous" now and is skipped.
    const rotated = await api(`/webhooks/endpoints/${endpoint.id}/secret/rotate`, {
      cookie: owner.cookie,
      body: {},
    });
    expect(rotated.status).toBe(200);
    const { secret } = (await rotated.json()) as { secret: string };
    await sendTestEvent(owner.cookie, endpoint.id, "member.added");
    const [delivery] = await waitFor("the delivery after rotation", async () => {
      const got = await hook.received();
      return got.length > 0 && got;
    });
    if (!delivery) throw new Error("no delivery");
    expect(verify(secret, delivery).type).toBe("member.added");
    expect(delivery.headers["webhook-signature"]?.split(" ")).toHaveLength(1);
  });
});
