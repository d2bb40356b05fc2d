// An obviously fake API key with a valid checksum, for examples. Computed here (CRC32 of prefix and
// body, as 6 base62 digits, exactly as @edgegate/shared/api-key does); a test checks it against
// the shared checkApiKeyFormat so the two cannot drift.
import { API_KEY_CHECKSUM_LENGTH, API_KEY_PREFIX } from "@edgegate/shared/api-key";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

function crc32(text: string): number {
  let crc = 0xffffffff;
  for (const byte of new TextEncoder().encode(text)) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

export function exampleApiKey(body = "docsExampleKeyNotARealSecret"): string {
  const payload = API_KEY_PREFIX + body;
  let value = crc32(payload);
  let checksum = "";
  for (let i = 0; i < API_KEY_CHECKSUM_LENGTH; i++) {
    checksum = BASE62[value % 62] + checksum;
    value = Math.floor(value / 62);
  }
  return payload + checksum;
}
