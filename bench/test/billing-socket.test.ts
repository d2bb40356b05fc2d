// Organization-wide limits over a real socket: the gateway Worker on workerd (the benchmark
// harness), a plan and overage-policy change made by the Worker's own applyOrganizationBilling
// (run here in Node against the same Postgres and Redis), and the very next HTTP request on the
// wire already answers under the new limits.
import { randomBytes } from "node:crypto";
import { nodeWorkerServices } from "@edgegate/dev/worker-services-node";
import { applyOrganizationBilling } from "@edgegate/gateway-worker/node";
import { apiKeyDisplayPrefix, generateApiKey, hashApiKey } from "@edgegate/shared/api-key";
import { Redis } from "@upstash/redis";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { benchSettings, type Harness, startHarness, type WorkerInstance } from "../src/harness.ts";

let harness: Harness;
let gateway: WorkerInstance;
let node: ReturnType<typeof nodeWorkerServices>;
/** The Worker's applyOrganizationBilling, as this Node test calls it (tsc does not follow into the Worker). */
const organizationId = `org_socket_${randomBytes(6).toString("hex")}`;
let key: string;

beforeAll(async () => {
  harness = await startHarness();
  gateway = await harness.startWorker("gateway");
  const { databaseUrl } = benchSettings();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("INSERT INTO organizations (id, name, slug, plan) VALUES ($1, $1, $1, 'STARTER')", [
      organizationId,
    ]);
    key = generateApiKey();
    await client.query(
      `INSERT INTO api_keys (id, organization_id, name, key_hash, display_prefix, scopes)
        VALUES ($1, $2, $1, $3, $4, $5)`,
      [`key_${organizationId}`, organizationId, await hashApiKey(key), apiKeyDisplayPrefix(key), ["*"]],
    );
  } finally {
    await client.end();
  }
  node = nodeWorkerServices(databaseUrl);
});

afterAll(async () => {
  await node?.close();
  await harness?.close();
});

/** What applyOrganizationBilling needs, built in Node: the stamp goes to the harness's Redis. */
function services() {
  return {
    ...node.services,
    outbox: { cause: "test:billing-socket", noteWritten: () => {} },
    // The Worker's KV lives inside workerd; the stamp alone carries the change (see the README).
    keyStore: { refreshOrganization: async () => 0 },
    config: { UPSTASH_REDIS_REST_URL: harness.redis.url, UPSTASH_REDIS_REST_TOKEN: harness.redis.token },
  };
}

const SYSTEM = { actor: { type: "system" as const, id: null, label: "socket test" }, request: null };

const call = () =>
  fetch(`${gateway.url}/v1/echo`, {
    headers: { Authorization: `Bearer ${key}`, "CF-Connecting-IP": "203.0.113.9" },
    signal: AbortSignal.timeout(10_000),
  });

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
    const redis = new Redis({ url: harness.redis.url, token: harness.redis.token });
    await redis.set(`eg:quota:${organizationId}:${new Date().toISOString().slice(0, 7)}`, 1_000_010);
    const refused = await call();
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("SPEND_CAP_REACHED");
    expect(refused.headers.get("x-quota-policy")).toBe("bill_overage");
    expect(refused.headers.get("x-quota-spend-cap")).toBe("10");
  });
});
