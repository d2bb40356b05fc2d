// Suspension over a real socket: the gateway Worker on workerd (the benchmark harness), the
// Worker's own setOrganizationSuspension run here in Node against the same Postgres and Redis,
// and the very next HTTP request on the wire is refused with ORGANIZATION_SUSPENDED — then, once
// unsuspended, served again with nothing lost.
import { randomBytes } from "node:crypto";
import { nodeWorkerServices } from "@edgegate/dev/worker-services-node";
import { setOrganizationSuspension } from "@edgegate/gateway-worker/node";
import { apiKeyDisplayPrefix, generateApiKey, hashApiKey } from "@edgegate/shared/api-key";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { benchSettings, type Harness, startHarness, type WorkerInstance } from "../src/harness.ts";

let harness: Harness;
let gateway: WorkerInstance;
let node: ReturnType<typeof nodeWorkerServices>;
const organizationId = `org_suspend_${randomBytes(6).toString("hex")}`;
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

/** What setOrganizationSuspension needs, built in Node: the stamp goes to the harness's Redis. */
function services() {
  return {
    ...node.services,
    outbox: { cause: "test:suspension-socket", noteWritten: () => {} },
    // The Worker's KV lives inside workerd; the stamp alone carries the change.
    keyStore: { refreshOrganization: async () => 0 },
    config: { UPSTASH_REDIS_REST_URL: harness.redis.url, UPSTASH_REDIS_REST_TOKEN: harness.redis.token },
  };
}

const source = {
  actor: { type: "system" as const, id: null, label: "socket test" },
  request: null,
  within: async () => {},
};

const call = () =>
  fetch(`${gateway.url}/v1/echo`, {
    headers: { Authorization: `Bearer ${key}`, "CF-Connecting-IP": "203.0.113.9" },
    signal: AbortSignal.timeout(10_000),
  });

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
