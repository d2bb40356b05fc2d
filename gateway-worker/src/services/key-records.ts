// The key store's Postgres half: Drizzle's queries for key records. key-store.ts imports this
// module only on an isolate-cache and KV miss, so the gateway pays for Drizzle and the schema when
// a key is first looked up in Postgres, not at start-up.
import { and, eq, isNull } from "drizzle-orm";
import { apiKeys } from "../db/schema/api-keys.ts";
import { organizations } from "../db/schema/organizations.ts";
import type { Database } from "./database.ts";
import type { KeyRecord, OrganizationLimits } from "./key-store.ts";

const organizationLimitsColumns = {
  plan: organizations.plan,
  overagePolicy: organizations.overagePolicy,
  spendCapRequests: organizations.spendCapRequests,
  limitsVersion: organizations.limitsVersion,
  limitsOverride: organizations.limitsOverride,
  suspendedAt: organizations.suspendedAt,
};

type OrganizationRow = Omit<OrganizationLimits, "suspendedAt"> & { suspendedAt: Date | null };

/** The key record of `keyHash`, or null when no key has that hash. */
export async function selectKeyRecord(database: Database, keyHash: string): Promise<KeyRecord | null> {
  const rows = await database.db
    .select({ key: apiKeys, limits: organizationLimitsColumns })
    .from(apiKeys)
    .innerJoin(organizations, eq(organizations.id, apiKeys.organizationId))
    .where(eq(apiKeys.keyHash, keyHash))
    .limit(1);
  const row = rows[0];
  return row ? toKeyRecord(row.key, row.limits) : null;
}

/** The records of every unrevoked key of an organization, with their hashes. */
export async function selectOrganizationKeyRecords(
  database: Database,
  organizationId: string,
): Promise<{ keyHash: string; record: KeyRecord }[]> {
  const rows = await database.db
    .select({ key: apiKeys, limits: organizationLimitsColumns })
    .from(apiKeys)
    .innerJoin(organizations, eq(organizations.id, apiKeys.organizationId))
    .where(and(eq(apiKeys.organizationId, organizationId), isNull(apiKeys.revokedAt)));
  return rows.map(({ key, limits }) => ({ keyHash: key.keyHash, record: toKeyRecord(key, limits) }));
}

function toKeyRecord(key: typeof apiKeys.$inferSelect, limits: OrganizationRow): KeyRecord {
  return {
    id: key.id,
    organizationId: key.organizationId,
    ...limits,
    suspendedAt: limits.suspendedAt?.getTime() ?? null,
    scopes: key.scopes,
    ipAllowlist: key.ipAllowlist,
    rateLimitPerMinute: key.rateLimitPerMinute,
    burstLimit: key.burstLimit,
    expiresAt: key.expiresAt?.getTime() ?? null,
    graceExpiresAt: key.graceExpiresAt?.getTime() ?? null,
    enabled: key.enabled,
    revokedAt: key.revokedAt?.getTime() ?? null,
    version: key.updatedAt.getTime(),
  };
}
