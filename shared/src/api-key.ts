// The API key format, defined once: `ak_` + 28 base62 characters of randomness (~166 bits)
// + a 6-character base62 CRC32 of everything before it. The checksum lets the edge reject
// typos and garbage without a lookup, and lets secret scanners recognise leaked keys.
// Only the SHA-256 of a key is ever stored.
import CRC32 from "crc-32";

export const API_KEY_PREFIX = "ak_";
export const API_KEY_BODY_LENGTH = 28;
export const API_KEY_CHECKSUM_LENGTH = 6;
export const API_KEY_LENGTH = API_KEY_PREFIX.length + API_KEY_BODY_LENGTH + API_KEY_CHECKSUM_LENGTH;
/** Characters shown in listings to recognise a key: the prefix plus the first body characters. */
export const API_KEY_DISPLAY_LENGTH = API_KEY_PREFIX.length + 6;

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const API_KEY_PATTERN = new RegExp(
  `^${API_KEY_PREFIX}[0-9A-Za-z]{${API_KEY_BODY_LENGTH + API_KEY_CHECKSUM_LENGTH}}$`,
);

function checksum(payload: string): string {
  let value = CRC32.str(payload) >>> 0;
  let out = "";
  for (let i = 0; i < API_KEY_CHECKSUM_LENGTH; i++) {
    out = BASE62[value % 62] + out;
    value = Math.floor(value / 62);
  }
  return out;
}

/** Uniform base62 characters: bytes >= 248 are rejected so `% 62` carries no bias. */
function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    const bytes = crypto.getRandomValues(new Uint8Array(length * 2));
    for (const byte of bytes) {
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

export function generateApiKey(): string {
  const payload = API_KEY_PREFIX + randomBase62(API_KEY_BODY_LENGTH);
  return payload + checksum(payload);
}

export type ApiKeyFormatError = "prefix" | "length" | "alphabet" | "checksum";

/** Checks shape and checksum only; says which part is wrong. */
export function checkApiKeyFormat(key: string): ApiKeyFormatError | null {
  if (!key.startsWith(API_KEY_PREFIX)) return "prefix";
  if (key.length !== API_KEY_LENGTH) return "length";
  if (!API_KEY_PATTERN.test(key)) return "alphabet";
  const payload = key.slice(0, -API_KEY_CHECKSUM_LENGTH);
  if (checksum(payload) !== key.slice(-API_KEY_CHECKSUM_LENGTH)) return "checksum";
  return null;
}

export function apiKeyDisplayPrefix(key: string): string {
  return key.slice(0, API_KEY_DISPLAY_LENGTH);
}

/** Lower-case hex SHA-256, the only form in which keys are stored and cached. */
// Byte → two hex digits, built once: the gateway hashes the presented key on every request, and
// per-byte toString/padStart showed in its CPU profile.
const HEX_BYTES = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));
const encoder = new TextEncoder();

export async function hashApiKey(key: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(key)));
  let hex = "";
  for (const byte of digest) hex += HEX_BYTES[byte];
  return hex;
}
