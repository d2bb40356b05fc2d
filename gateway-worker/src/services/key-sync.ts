// How a key change reaches every gateway isolate within the revocation bound: after the admin
// API writes Postgres, it calls `publishKeyChange`, which refreshes the KV record (seen by new
// isolates within KV's ~60 s propagation) and stores the record's version stamp in Redis. Every
// gateway request reads that stamp in the same parallel Redis round that rate-limits it, so an
// isolate holding a stale copy re-reads Postgres on its very next request.
import type { Services } from "../context.ts";
import { keyVersionKey } from "./limiter.ts";

/** Stamps outlive every cache that could hold the old record (isolate 30 s, KV ~60 s). */
const STAMP_TTL_SECONDS = 24 * 3600;

export async function publishKeyChange(
  services: Pick<Services, "keyStore" | "redis">,
  keyHash: string,
): Promise<void> {
  const lookup = await services.keyStore.refresh(keyHash);
  if (!lookup.found) return;
  await services.redis.set(keyVersionKey(lookup.record.id), lookup.record.version, { ex: STAMP_TTL_SECONDS });
}
