// Pipeline steps 2–4 (numbered as in docs-site/content/gateway-internals.md): find the key in the
// request, check its format and checksum without any lookup, then resolve its record (isolate cache
// → KV → Postgres) and check it is usable now.
import { checkApiKeyFormat, hashApiKey } from "@edgegate/shared/api-key";
import { ApiError } from "@edgegate/shared/errors";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../context.ts";
import { type KeyLookup, type KeyRecord, KeyStoreUnavailableError } from "../services/key-store.ts";
import { knownKeyHash, rememberKeyHash } from "./key-hashes.ts";

/** Query parameters that look like a key: a key in a URL ends up in logs and browser history. */
const KEY_QUERY_PARAMS = /[?&](?:api[_-]?key|apikey|key|token|access[_-]?token|auth)=/i;
const KEY_IN_QUERY = /[?&=]ak_[0-9A-Za-z]{8,}/;
const MAX_KEY_HEADER_LENGTH = 256;

function extractKey(c: Context<AppEnv>): string {
  const url = c.req.url;
  const queryStart = url.indexOf("?");
  if (queryStart !== -1) {
    const query = url.slice(queryStart);
    if (KEY_QUERY_PARAMS.test(query) || KEY_IN_QUERY.test(query)) {
      throw new ApiError(
        "BAD_REQUEST",
        "API keys are not accepted in the query string; send the Authorization or X-API-Key header.",
      );
    }
  }
  const headerKey = c.req.header("X-API-Key")?.trim();
  const authorization = c.req.header("Authorization")?.trim();
  const bearer = authorization ? /^Bearer +(\S+)$/i.exec(authorization)?.[1] : undefined;
  let key: string | undefined;
  if (headerKey) {
    // With X-API-Key, Authorization may belong to the upstream API; only a second key conflicts.
    if (bearer?.startsWith("ak_") && bearer !== headerKey) {
      throw new ApiError("UNAUTHORIZED", "Authorization and X-API-Key name different keys; send one.");
    }
    key = headerKey;
  } else if (authorization) {
    if (!bearer) throw new ApiError("UNAUTHORIZED", 'The Authorization header must be "Bearer <api key>".');
    key = bearer;
  }
  if (!key) throw new ApiError("UNAUTHORIZED");
  if (key.length > MAX_KEY_HEADER_LENGTH) throw new ApiError("INVALID_KEY", "The API key is malformed.");
  return key;
}

/** Disabled, revoked, expired, or past its rotation grace: refused on every request. */
export function assertKeyUsable(record: KeyRecord, now: number): void {
  if (!record.enabled || record.revokedAt !== null) throw new ApiError("KEY_DISABLED");
  if (record.expiresAt !== null && now >= record.expiresAt) throw new ApiError("KEY_EXPIRED");
  if (record.graceExpiresAt !== null && now >= record.graceExpiresAt) {
    throw new ApiError("KEY_EXPIRED", "The API key was rotated and its grace period has ended.");
  }
}

export function recordFromLookup(lookup: KeyLookup): KeyRecord {
  if (!lookup.found) throw new ApiError("INVALID_KEY");
  return lookup.record;
}

export async function lookupOrUnavailable(run: () => Promise<KeyLookup>): Promise<KeyLookup> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof KeyStoreUnavailableError) {
      // Fail closed: an unknown key is never let through because Postgres is away.
      console.error("key store unavailable", error.cause);
      throw new ApiError("SERVICE_UNAVAILABLE", "The key could not be verified; retry shortly.", {
        headers: { "Retry-After": "5" },
      });
    }
    throw error;
  }
}

export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const key = extractKey(c);
  const formatError = checkApiKeyFormat(key);
  if (formatError) throw new ApiError("INVALID_KEY", `The API key is malformed (${formatError}).`);
  const state = c.get("gateway");
  const remembered = knownKeyHash(key);
  const keyHash = remembered ?? (await hashApiKey(key));
  state.keyHash = keyHash;
  const { keyStore } = c.get("services");
  const lookup = await lookupOrUnavailable(() =>
    keyStore.lookup(keyHash, (promise) => c.executionCtx.waitUntil(promise)),
  );
  if (lookup.found && !remembered) rememberKeyHash(key, keyHash);
  const record = recordFromLookup(lookup);
  state.record = record;
  assertKeyUsable(record, Date.now());
  await next();
});
