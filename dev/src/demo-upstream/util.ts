// Shared pieces of the demo upstream: JSON replies, strict parameter parsing, and cancellable pacing
// helpers that stop as soon as the client goes away.
import type { ServerResponse } from "node:http";

/** Thrown by parameter parsing; the dispatcher turns it into a 400 `{ error }`. */
export class BadInput extends Error {}

export const MiB = 1024 * 1024;

// Deterministic body content: the 64-character base64url alphabet repeated, so byte i of any /bytes
// body is ALPHABET[i % 64] (printable for curl) and every 64 KiB slice lines up with the next one.
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
export const PATTERN: Buffer = Buffer.alloc(64 * 1024, ALPHABET, "latin1");

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

/**
 * Parses a non-negative integer parameter. Anything but plain digits (signs, decimals, exponents, hex,
 * whitespace) is rejected, and so is a value above `max`: a cap is reported rather than silently clamped
 * so a test never believes it got what it asked for.
 */
export function intParam(
  raw: string | null | undefined,
  name: string,
  max: number,
  fallback?: number,
): number {
  if (raw === null || raw === undefined || raw === "") {
    if (fallback === undefined) throw new BadInput(`${name} is required`);
    return fallback;
  }
  if (!/^\d{1,16}$/.test(raw))
    throw new BadInput(`${name} must be a non-negative integer, got ${JSON.stringify(raw)}`);
  const value = Number(raw);
  if (value > max) throw new BadInput(`${name} must be at most ${max}, got ${raw}`);
  return value;
}

/** Resolves true after `ms`, or false as soon as the response is closed (the timer is cleared then). */
export function sleep(res: ServerResponse, ms: number): Promise<boolean> {
  if (res.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onClose = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      res.off("close", onClose);
      resolve(true);
    }, ms);
    res.once("close", onClose);
  });
}

/** Writes one chunk honouring backpressure; resolves false when the client went away instead of draining. */
export function write(res: ServerResponse, chunk: Buffer): Promise<boolean> | boolean {
  if (res.destroyed) return false;
  if (res.write(chunk)) return true;
  return new Promise((resolve) => {
    const done = (ok: boolean) => () => {
      res.off("drain", onDrain);
      res.off("close", onClose);
      resolve(ok && !res.destroyed);
    };
    const onDrain = done(true);
    const onClose = done(false);
    res.once("drain", onDrain);
    res.once("close", onClose);
  });
}

/** Writes `total` bytes of PATTERN in 64 KiB slices; false if the client left part-way. */
export async function writePattern(res: ServerResponse, total: number): Promise<boolean> {
  for (let left = total; left > 0; left -= PATTERN.length) {
    const chunk = left >= PATTERN.length ? PATTERN : PATTERN.subarray(0, left);
    if (!(await write(res, chunk))) return false;
  }
  return true;
}

/**
 * Sends `sizes.length` pieces `intervalMs` apart (the first one right away unless `leadingPause`),
 * stopping early on disconnect. Shared by /stream (chunked) and /drip (Content-Length).
 */
export async function pace(
  res: ServerResponse,
  sizes: readonly number[],
  intervalMs: number,
  leadingPause = false,
): Promise<void> {
  for (let i = 0; i < sizes.length; i++) {
    if ((leadingPause || i > 0) && intervalMs > 0 && !(await sleep(res, intervalMs))) return;
    if (!(await writePattern(res, sizes[i] ?? 0))) return;
  }
  if (!res.destroyed) res.end();
}
