// The SHA-256 of each presented key, remembered per isolate: a returning caller's key is not
// hashed again on every request (a `crypto.subtle.digest` call and the promise it costs).
//
// Only a key whose hash led to a key record is remembered (`rememberKeyHash` is called after the
// lookup found one), so a flood of made-up keys — the checksum is no secret — never enters it, and
// cannot push out the keys in use; the LRU bound caps it whatever arrives. A key maps to its hash
// whatever happens to the key, so this decides nothing: revocation, expiry and rotation are still
// read from the record on every request. Keys stay in this isolate's memory only, as they do
// while a request runs; they are never logged or written anywhere.
import { boundedCache } from "../services/bounded-cache.ts";

export const KEY_HASH_CACHE_MAX = 10_000;

const hashes = boundedCache<string, string>(KEY_HASH_CACHE_MAX);

export const knownKeyHash = (key: string): string | undefined => hashes.get(key);

export function rememberKeyHash(key: string, keyHash: string): void {
  hashes.set(key, keyHash);
}

/** How many keys are remembered (tests: the bound). */
export const rememberedKeyHashes = (): number => hashes.size;
