// Key records by key hash: in-isolate LRU → KV → Postgres. A Postgres hit is written to KV;
// an unknown hash is negatively cached (isolate and KV) so random keys cannot hammer Postgres.
// Expiry and revocation are decided by the caller on every request, never by cache TTLs; the
// record's `version` lets the gateway notice (through Redis) that a cached copy is stale.
import type { OveragePolicy } from "@edgegate/shared/billing";
import type { PlanId } from "@edgegate/shared/plans";
import { and, eq, isNull } from "drizzle-orm";
import { LRUCache } from "lru-cache";
import { apiKeys } from "../db/schema/api-keys.ts";
import { type LimitsOverride, organizations } from "../db/schema/organizations.ts";
import type { Database } from "./database.ts";

/** What the gateway enforces for the key's organization, copied into each key record. */
export interface OrganizationLimits {
  plan: PlanId;
  overagePolicy: OveragePolicy;
  spendCapRequests: number | null;
  /** organizations.limits_version the copy was made from (see services/billing/publish.ts). */
  limitsVersion: number;
  /** An operator's custom limits (enterprise deal); in force until its `expiresAt`. */
  limitsOverride: LimitsOverride | null;
  /** Epoch ms since an operator suspended the organization; null = not suspended. */
  suspendedAt: number | null;
}

export interface KeyRecord extends OrganizationLimits {
  id: string;
  organizationId: string;
  scopes: string[];
  ipAllowlist: string[];
  rateLimitPerMinute: number | null;
  burstLimit: number | null;
  /** Epoch ms; null = never. */
  expiresAt: number | null;
  /** Set when the key was rotated: it stays valid until then (never past `expiresAt`). */
  graceExpiresAt: number | null;
  enabled: boolean;
  revokedAt: number | null;
  /** updated_at in epoch ms; bumped by every admin change. */
  version: number;
}

export type KeyLookup =
  | { found: true; record: KeyRecord; source: "isolate" | "kv" | "postgres" }
  | { found: false; source: "isolate" | "kv" | "postgres" };

export interface KeyStore {
  lookup(keyHash: string): Promise<KeyLookup>;
  /** Reads Postgres directly (bypassing caches) and refreshes them. */
  refresh(keyHash: string): Promise<KeyLookup>;
  /**
   * Rewrites the cached records (this isolate and KV) of every live key of an organization from
   * Postgres, after its limits changed; returns how many. Other isolates notice through the
   * organization's stamp in Redis (limiter.ts), so this only spares cold isolates a stale KV copy.
   */
  refreshOrganization(organizationId: string): Promise<number>;
}

export class KeyStoreUnavailableError extends Error {
  override name = "KeyStoreUnavailableError";
}

export const KEY_RECORD_KV_PREFIX = "key:";
const POSITIVE_TTL_MS = 30_000;
const NEGATIVE_TTL_MS = 10_000;
/** KV's minimum expiration. */
const NEGATIVE_KV_TTL_SECONDS = 60;

type Cached = KeyRecord | "missing";

// Per isolate: bounded, short-lived. Shared by every request this isolate serves.
const isolateCache = new LRUCache<string, { value: Cached }>({ max: 10_000, ttl: POSITIVE_TTL_MS });

/** `database` is called only on a cache miss: a warm isolate never builds the Postgres client. */
export function createKeyStore(database: () => Database, kv: KVNamespace): KeyStore {
  async function fromPostgres(keyHash: string): Promise<KeyLookup> {
    let rows: { key: typeof apiKeys.$inferSelect; limits: OrganizationRow }[];
    try {
      rows = await database()
        .db.select({ key: apiKeys, limits: organizationLimitsColumns })
        .from(apiKeys)
        .innerJoin(organizations, eq(organizations.id, apiKeys.organizationId))
        .where(eq(apiKeys.keyHash, keyHash))
        .limit(1);
    } catch (error) {
      throw new KeyStoreUnavailableError("key lookup in Postgres failed", { cause: error });
    }
    const row = rows[0];
    if (!row) {
      isolateCache.set(keyHash, { value: "missing" }, { ttl: NEGATIVE_TTL_MS });
      await kv
        .put(KEY_RECORD_KV_PREFIX + keyHash, '"missing"', { expirationTtl: NEGATIVE_KV_TTL_SECONDS })
        .catch(() => {});
      return { found: false, source: "postgres" };
    }
    const record = toKeyRecord(row.key, row.limits);
    isolateCache.set(keyHash, { value: record });
    await kv.put(KEY_RECORD_KV_PREFIX + keyHash, JSON.stringify(record)).catch(() => {});
    return { found: true, record, source: "postgres" };
  }

  return {
    lookup(keyHash) {
      const hit = isolateCache.get(keyHash);
      if (hit) {
        return Promise.resolve(
          hit.value === "missing"
            ? { found: false, source: "isolate" }
            : { found: true, record: hit.value, source: "isolate" },
        );
      }
      // No sharing of in-flight lookups between concurrent requests: workerd forbids a request
      // from waiting on I/O another request started. A cold key's first concurrent requests each
      // look it up once; after that it is cached.
      return fromKvOrPostgres(keyHash);
    },
    refresh: fromPostgres,
    async refreshOrganization(organizationId) {
      const rows = await database()
        .db.select({ key: apiKeys, limits: organizationLimitsColumns })
        .from(apiKeys)
        .innerJoin(organizations, eq(organizations.id, apiKeys.organizationId))
        .where(and(eq(apiKeys.organizationId, organizationId), isNull(apiKeys.revokedAt)));
      await Promise.all(
        rows.map(({ key, limits }) => {
          const record = toKeyRecord(key, limits);
          isolateCache.set(key.keyHash, { value: record });
          return kv.put(KEY_RECORD_KV_PREFIX + key.keyHash, JSON.stringify(record));
        }),
      );
      return rows.length;
    },
  };

  async function fromKvOrPostgres(keyHash: string): Promise<KeyLookup> {
    const cached = await kv.get<Cached>(KEY_RECORD_KV_PREFIX + keyHash, "json").catch(() => null);
    // A record written before organization limits (or suspension) were part of it is re-read.
    if (
      cached &&
      (cached === "missing" || (typeof cached.limitsVersion === "number" && "suspendedAt" in cached))
    ) {
      isolateCache.set(keyHash, { value: cached }, cached === "missing" ? { ttl: NEGATIVE_TTL_MS } : {});
      return cached === "missing"
        ? { found: false, source: "kv" }
        : { found: true, record: cached, source: "kv" };
    }
    return fromPostgres(keyHash);
  }
}

const organizationLimitsColumns = {
  plan: organizations.plan,
  overagePolicy: organizations.overagePolicy,
  spendCapRequests: organizations.spendCapRequests,
  limitsVersion: organizations.limitsVersion,
  limitsOverride: organizations.limitsOverride,
  suspendedAt: organizations.suspendedAt,
};

type OrganizationRow = Omit<OrganizationLimits, "suspendedAt"> & { suspendedAt: Date | null };

export function toKeyRecord(key: typeof apiKeys.$inferSelect, limits: OrganizationRow): KeyRecord {
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
