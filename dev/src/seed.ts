// Idempotent demo data for `pnpm dev`: an organization, an owner who can sign in, and an API
// key. Running it again changes nothing except re-aligning the demo key with the one saved in
// .data/dev-state.json (the only place the full demo key exists, since the database keeps its hash).

import * as schema from "@edgegate/gateway-worker/schema";
import { createSecretBox } from "@edgegate/gateway-worker/secret-box";
import { apiKeyDisplayPrefix, generateApiKey, hashApiKey } from "@edgegate/shared/api-key";
import { hashPassword } from "better-auth/crypto";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";

export const DEMO = {
  organizationId: "org_demo",
  organizationSlug: "demo",
  userId: "usr_demo",
  email: "admin@demo.edgegate.dev",
  password: "edgegate-demo",
  apiKeyId: "key_demo",
  apiKeyName: "Demo key",
  webhookId: "whe_demo",
} as const;

export interface DemoWebhook {
  /** The demo receiver's hook URL. */
  url: string;
  secret: string;
  /** WEBHOOK_SECRET_ENCRYPTION_KEY as the Worker gets it (base64 of 32 bytes, key version 1). */
  encryptionKey: string;
}

export async function seedDemoData(
  databaseUrl: string,
  demoApiKey: string,
  webhook: DemoWebhook,
): Promise<void> {
  // Sealed as the Worker seals secrets (AES-GCM, key version 1, the endpoint id as additional data).
  const secretCiphertext = await createSecretBox([
    { version: 1, raw: Uint8Array.from(Buffer.from(webhook.encryptionKey, "base64")) },
  ]).seal(DEMO.webhookId, webhook.secret);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const db = drizzle({ client, schema, casing: "snake_case" });
    await db.transaction(async (tx) => {
      await tx
        .insert(schema.organizations)
        .values({
          id: DEMO.organizationId,
          name: "Demo Organization",
          slug: DEMO.organizationSlug,
          plan: "PRO",
        })
        .onConflictDoNothing();
      const inserted = await tx
        .insert(schema.users)
        .values({ id: DEMO.userId, name: "Demo Admin", email: DEMO.email, emailVerified: true })
        .onConflictDoNothing()
        .returning({ id: schema.users.id });
      if (inserted.length > 0) {
        await tx.insert(schema.accounts).values({
          id: "acc_demo",
          accountId: DEMO.userId,
          providerId: "credential",
          userId: DEMO.userId,
          password: await hashPassword(DEMO.password),
        });
      }
      await tx
        .insert(schema.members)
        .values({ id: "mem_demo", organizationId: DEMO.organizationId, userId: DEMO.userId, role: "owner" })
        .onConflictDoNothing();
      const keyHash = await hashApiKey(demoApiKey);
      await tx
        .insert(schema.apiKeys)
        .values({
          id: DEMO.apiKeyId,
          organizationId: DEMO.organizationId,
          name: DEMO.apiKeyName,
          keyHash,
          displayPrefix: apiKeyDisplayPrefix(demoApiKey),
          scopes: ["*"],
          createdBy: DEMO.userId,
        })
        .onConflictDoUpdate({
          target: schema.apiKeys.id,
          set: { keyHash, displayPrefix: apiKeyDisplayPrefix(demoApiKey), enabled: true, revokedAt: null },
        });
      // Every event to the demo receiver, which verifies each signature and lists what arrived.
      await tx
        .insert(schema.webhooks)
        .values({
          id: DEMO.webhookId,
          organizationId: DEMO.organizationId,
          url: webhook.url,
          description: "Demo receiver (pnpm dev)",
          eventTypes: [],
          secretCiphertext,
        })
        .onConflictDoUpdate({ target: schema.webhooks.id, set: { url: webhook.url, secretCiphertext } });
    });
  } finally {
    await client.end();
  }
}

/**
 * The demo organization's other keys, whose traffic the first `pnpm dev` seeds beside the demo
 * key's (busiest first). Their secrets are generated and thrown away: they exist to be seen in
 * Analytics, Logs and the keys table, not called.
 */
export const DEMO_TRAFFIC_KEYS = [
  { id: "key_demo_web", name: "Web storefront", scopes: ["*"] },
  { id: "key_demo_mobile", name: "Mobile app", scopes: ["get:*", "post:orders", "post:carts"] },
  { id: "key_demo_partner", name: "Partner: Acme Corp", scopes: ["get:products", "get:orders"] },
] as const;

/** Adds DEMO_TRAFFIC_KEYS (idempotent); returns every demo key id, the demo key first. */
export async function seedDemoTrafficKeys(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const db = drizzle({ client, schema, casing: "snake_case" });
    for (const key of DEMO_TRAFFIC_KEYS) {
      const secret = generateApiKey();
      await db
        .insert(schema.apiKeys)
        .values({
          id: key.id,
          organizationId: DEMO.organizationId,
          name: key.name,
          keyHash: await hashApiKey(secret),
          displayPrefix: apiKeyDisplayPrefix(secret),
          scopes: [...key.scopes],
          createdBy: DEMO.userId,
        })
        .onConflictDoNothing();
    }
  } finally {
    await client.end();
  }
  return [DEMO.apiKeyId, ...DEMO_TRAFFIC_KEYS.map((key) => key.id)];
}
