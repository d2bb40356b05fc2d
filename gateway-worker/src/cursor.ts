// Keyset cursors: the sort values of a page's last row, as base64url of their UTF-8 JSON. One
// codec for every paginated route. `btoa` alone throws on characters above U+00FF (a key named
// "Привет" broke paging by name), so the JSON is encoded to UTF-8 bytes first; cursors holding
// only ASCII are the same as before, so links already handed out keep working.
import { ApiError } from "@edgegate/shared/errors";
import type { z } from "zod";

const BASE64URL = /^[A-Za-z0-9_-]*$/;

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
  return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
}

export function encodeCursor(values: unknown[]): string {
  return toBase64Url(new TextEncoder().encode(JSON.stringify(values)));
}

/**
 * The values `encodeCursor` wrote, checked against `shape`: a cursor is client input, and a
 * forged one must answer 400 naming `cursor`, never reach SQL as a value of the wrong type.
 */
export function decodeCursor<T extends z.ZodType>(cursor: string, shape: T): z.output<T> {
  if (BASE64URL.test(cursor)) {
    try {
      const json = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(fromBase64Url(cursor));
      const parsed = shape.safeParse(JSON.parse(json));
      if (parsed.success) return parsed.data;
    } catch {
      // Not base64, not UTF-8 or not JSON: the same answer as a wrong shape.
    }
  }
  throw new ApiError("VALIDATION_FAILED", "Invalid query: cursor.", {
    fields: [{ path: "cursor", message: "must be a nextCursor returned by this endpoint" }],
  });
}
