// What the organization-wide socket tests share: the benchmark harness with the gateway Worker on
// workerd, one fresh STARTER organization with one key, the Worker's services built in Node
// against the same Postgres and Redis, and a request on the wire with that key.
import { randomBytes } from "node:crypto";
import { nodeWorkerServices } from "@edgegate/dev/worker-services-node";
import { apiKeyDisplayPrefix, generateApiKey, hashApiKey } from "@edgegate/shared/api-key";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { benchSettings, type Harness, startHarness, type WorkerInstance } from "../src/harness.ts";

/** Registers the suite's beforeAll/afterAll; the returned fields are set once beforeAll ran. */
export function socketOrganization(idPrefix: string, cause: string) {
  let harness: Harness;
  let gateway: WorkerInstance;
  let node: ReturnType<typeof nodeWorkerServices>;
  let key: string;
  const organizationId = `${idPrefix}_${randomBytes(6).toString("hex")}`;

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

  return {
    organizationId,
    get harness() {
      return harness;
    },
    /** What the Worker's organization-wide services need, built in Node: the stamp goes to the harness's Redis. */
    services() {
      return {
        ...node.services,
        outbox: { cause, noteWritten: () => {} },
        // The Worker's KV lives inside workerd; the stamp alone carries the change (see the README).
        keyStore: { refreshOrganization: async () => 0 },
        config: { UPSTASH_REDIS_REST_URL: harness.redis.url, UPSTASH_REDIS_REST_TOKEN: harness.redis.token },
      };
    },
    /** One request with the organization's key, on the wire. */
    call() {
      return fetch(`${gateway.url}/v1/echo`, {
        headers: { Authorization: `Bearer ${key}`, "CF-Connecting-IP": "203.0.113.9" },
        signal: AbortSignal.timeout(10_000),
      });
    },
  };
}
