// Key records by key hash: in-isolate LRU → KV → Postgres. A Postgres hit is written to KV;
// an unknown hash is negatively cached (isolate and KV) so random keys cannot hammer Postgres.
// Expiry and revocation are decided by the caller on every request, never by cache TTLs; the
// record's `version` lets the gateway notice (through Redis) that a cached copy is stale.
import type { OveragePolicy } from "@edgegate/shared/billing";
import type { PlanId } from "@edgegate/shared/plans";
import type { LimitsOverride } from "../db/schema/organizations.ts";
import { boundedCache } from "./bounded-cache.ts";
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
  /**
   * Isolate cache → KV → Postgres. `keepAlive` (the request's `waitUntil`) keeps a lookup that
   * other requests of the isolate are waiting for running if this request's client goes away.
   */
  lookup(keyHash: string, keepAlive?: (promise: Promise<unknown>) => void): Promise<KeyLookup>;
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
const isolateCache = boundedCache<string, { value: Cached }>(10_000, { ttl: POSITIVE_TTL_MS });

/**
 * A request that finds another request of this isolate already looking up the same hash waits
 * this long for its answer, then starts over (the other request may have been torn down with its
 * lookup; a flight this old is not joined).
 */
export const SHARED_LOOKUP_WAIT_MS = 5_000;

interface Flight {
  since: number;
  waiters: { resolve: (lookup: KeyLookup) => void; reject: (error: unknown) => void }[];
}

// Per isolate: the cache misses being looked up now, by hash (single flight).
const inFlight = new Map<string, Flight>();

/** Drizzle and the schema load with the first Postgres lookup (see key-records.ts). */
const keyRecords = () => import("./key-records.ts");

/**
 * `database` is called only when a lookup reaches Postgres: a warm isolate never builds (or
 * loads) the Postgres client.
 */
export function createKeyStore(database: () => Promise<Database>, kv: KVNamespace): KeyStore {
  async function fromPostgres(keyHash: string): Promise<KeyLookup> {
    let record: KeyRecord | null;
    try {
      const { selectKeyRecord } = await keyRecords();
      record = await selectKeyRecord(await database(), keyHash);
    } catch (error) {
      throw new KeyStoreUnavailableError("key lookup in Postgres failed", { cause: error });
    }
    if (!record) {
      isolateCache.set(keyHash, { value: "missing" }, { ttl: NEGATIVE_TTL_MS });
      await kv
        .put(KEY_RECORD_KV_PREFIX + keyHash, '"missing"', { expirationTtl: NEGATIVE_KV_TTL_SECONDS })
        .catch(() => {});
      return { found: false, source: "postgres" };
    }
    isolateCache.set(keyHash, { value: record });
    await kv.put(KEY_RECORD_KV_PREFIX + keyHash, JSON.stringify(record)).catch(() => {});
    return { found: true, record, source: "postgres" };
  }

  const store: KeyStore = {
    lookup(keyHash, keepAlive) {
      const hit = isolateCache.get(keyHash);
      if (hit) {
        return Promise.resolve(
          hit.value === "missing"
            ? { found: false, source: "isolate" }
            : { found: true, record: hit.value, source: "isolate" },
        );
      }
      return sharedLookup(keyHash, keepAlive);
    },
    refresh: fromPostgres,
    async refreshOrganization(organizationId) {
      const { selectOrganizationKeyRecords } = await keyRecords();
      const records = await selectOrganizationKeyRecords(await database(), organizationId);
      await Promise.all(
        records.map(({ keyHash, record }) => {
          isolateCache.set(keyHash, { value: record });
          return kv.put(KEY_RECORD_KV_PREFIX + keyHash, JSON.stringify(record));
        }),
      );
      return records.length;
    },
  };
  return store;

  /**
   * Single flight: concurrent misses on one hash in this isolate make one KV read and at most one
   * Postgres query. workerd forbids a request to wait on I/O that another request started, so the
   * first request does the lookup in its own context and the others wait on promises of their own,
   * which it settles with the plain result (workerd runs their reactions in their own contexts).
   * A failure reaches the requests that were waiting for that lookup and nothing else: the flight
   * ends with its lookup, so the next request looks up afresh.
   */
  function sharedLookup(
    keyHash: string,
    keepAlive?: (promise: Promise<unknown>) => void,
  ): Promise<KeyLookup> {
    const flight = inFlight.get(keyHash);
    if (flight && Date.now() - flight.since < SHARED_LOOKUP_WAIT_MS) {
      const shared = new Promise<KeyLookup>((resolve, reject) => flight.waiters.push({ resolve, reject }));
      let timer: ReturnType<typeof setTimeout> | undefined;
      const ownAfterWait = new Promise<KeyLookup>((resolve) => {
        timer = setTimeout(() => resolve(store.lookup(keyHash, keepAlive)), SHARED_LOOKUP_WAIT_MS);
      });
      return Promise.race([shared, ownAfterWait]).finally(() => clearTimeout(timer));
    }
    const own: Flight = { since: Date.now(), waiters: [] };
    inFlight.set(keyHash, own);
    const lookup = fromKvOrPostgres(keyHash).then(
      (result) => {
        for (const waiter of own.waiters) waiter.resolve(result);
        return result;
      },
      (error: unknown) => {
        for (const waiter of own.waiters) waiter.reject(error);
        throw error;
      },
    );
    const done = lookup.finally(() => {
      if (inFlight.get(keyHash) === own) inFlight.delete(keyHash);
    });
    // The waiters depend on this request finishing its lookup even if its own client goes away.
    keepAlive?.(done.catch(() => {}));
    return done;
  }

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
