// Test helpers that run inside workerd: they create organizations and keys through the
// Worker's own services (real Postgres via the Neon driver, real Redis via the bridge).

import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { apiKeyDisplayPrefix, generateApiKey, hashApiKey } from "@edgegate/shared/api-key";
import type { PlanId } from "@edgegate/shared/plans";
import { eq } from "drizzle-orm";
import { createServices, loadServiceModules } from "../src/context.ts";
import { apiKeys, type InsertApiKey } from "../src/db/schema/api-keys.ts";
import { organizations } from "../src/db/schema/organizations.ts";
import { requestLogs } from "../src/db/schema/request-logs.ts";
import worker from "../src/index.ts";
import { publishKeyChange } from "../src/services/key-sync.ts";

// The Worker loads these before its admin API, consumers and jobs build services; tests build
// services directly.
await loadServiceModules();

export const services = () => createServices(env);

export interface TestKey {
  key: string;
  keyId: string;
  keyHash: string;
  organizationId: string;
}

export async function createTestKey(
  options: { plan?: PlanId; key?: Partial<InsertApiKey> } = {},
): Promise<TestKey> {
  const { database } = services();
  const organizationId = `org_${crypto.randomUUID()}`;
  await database.db
    .insert(organizations)
    .values({ id: organizationId, name: "Test org", slug: organizationId, plan: options.plan ?? "PRO" });
  const key = generateApiKey();
  const keyHash = await hashApiKey(key);
  const keyId = `key_${crypto.randomUUID()}`;
  await database.db.insert(apiKeys).values({
    id: keyId,
    organizationId,
    name: keyId,
    keyHash,
    displayPrefix: apiKeyDisplayPrefix(key),
    scopes: ["*"],
    ...options.key,
  });
  return { key, keyId, keyHash, organizationId };
}

/** What the admin API does on every key change: write Postgres, then publish. */
export async function updateTestKey(testKey: TestKey, changes: Partial<InsertApiKey>): Promise<void> {
  const s = services();
  await s.database.db.update(apiKeys).set(changes).where(eq(apiKeys.id, testKey.keyId));
  await publishKeyChange(s, testKey.keyHash);
}

export const CLIENT_IP = "203.0.113.7";

/** Calls the Worker's fetch handler directly, optionally with env overrides. */
export async function callGateway(
  path: string,
  init: RequestInit & { key?: string; ip?: string | null } = {},
  envOverrides: Partial<Env> = {},
): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.key) headers.set("Authorization", `Bearer ${init.key}`);
  if (init.ip !== null) headers.set("CF-Connecting-IP", init.ip ?? CLIENT_IP);
  const request = new Request(`http://gateway.test${path}`, { ...init, headers });
  const ctx = createExecutionContext();
  const response = await worker.fetch(request, { ...env, ...envOverrides }, ctx);
  // Read the body before waiting: the request event is sent once the body has streamed.
  const body = await response.arrayBuffer();
  await waitOnExecutionContext(ctx);
  return new Response(response.status === 204 || response.status === 304 ? null : body, response);
}

export interface ErrorBody {
  error: { code: string; message: string; requestId: string; docs: string };
}

export type { EchoBody } from "./hostile-cases.ts";

/** Waits for the queue consumer to store request `id` (the queue batches for up to 2 s). */
export async function waitForRequestLog(id: string) {
  const { db } = services().database;
  for (let attempt = 0; attempt < 100; attempt++) {
    const [row] = await db.select().from(requestLogs).where(eq(requestLogs.id, id));
    if (row) return row;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`request ${id} never reached request_logs`);
}

export { withinOneWindow } from "./window.ts";
