// The echo path: what the gateway proxies to in benchmarks, so it does the least work that still
// reports the request faithfully (no URL object, no body buffering when there is no body).
import { isUtf8 } from "node:buffer";
import type { IncomingMessage, ServerResponse } from "node:http";
import { MiB, sendJson } from "./util.ts";

export const MAX_BODY_BYTES = 64 * MiB;

const EMPTY = Buffer.alloc(0);

/** The request body, or null after a 413 has been sent (too large) or the client aborted the upload. */
export function readBody(req: IncomingMessage, res: ServerResponse): Promise<Buffer | null> | Buffer | null {
  const { headers } = req;
  const declared = headers["content-length"];
  // Neither header means HTTP/1.1 framing has no body: answer without waiting for 'end'.
  if (declared === undefined && headers["transfer-encoding"] === undefined) return EMPTY;
  if (declared === "0") return EMPTY;
  if (declared !== undefined && Number(declared) > MAX_BODY_BYTES) return tooLarge(req, res);

  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        // Chunked uploads have no length up front; stop buffering the moment the cap is crossed.
        req.off("data", onData);
        resolve(tooLarge(req, res));
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.once("end", () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size)));
    // An aborted upload ends in 'error' and/or 'close' without 'end'; after 'end' this is a no-op.
    req.once("error", () => resolve(null));
    req.once("close", () => resolve(null));
  });
}

function tooLarge(req: IncomingMessage, res: ServerResponse): null {
  // Answer at once and close the connection: the rest of the upload is discarded (resume) rather than
  // left unread, and keep-alive cannot continue because the request framing was never consumed.
  res.setHeader("connection", "close");
  sendJson(res, 413, { error: `request body exceeds ${MAX_BODY_BYTES} bytes` });
  req.resume();
  return null;
}

/** Query string as an object; a repeated key becomes an array. Null prototype so `__proto__` is just a key. */
export function queryObject(search: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null);
  if (search === "") return out;
  for (const [key, value] of new URLSearchParams(search)) {
    const seen = out[key];
    if (seen === undefined) out[key] = value;
    else if (typeof seen === "string") out[key] = [seen, value];
    else seen.push(value);
  }
  return out;
}

/** Replies with the request as JSON: method, path (as received), query, headers, body, bodyBytes. */
export function sendEcho(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  search: string,
  body: Buffer,
) {
  const utf8 = body.length === 0 || isUtf8(body);
  sendJson(res, 200, {
    method: req.method,
    path,
    query: queryObject(search),
    // Node already lower-cases header names and joins repeats (set-cookie stays an array).
    headers: req.headers,
    body: body.length === 0 ? "" : body.toString(utf8 ? "utf8" : "base64"),
    bodyEncoding: utf8 ? "utf8" : "base64",
    bodyBytes: body.length,
  });
}

/** Reads the body (subject to the cap) then echoes; the default for every path without its own route. */
export function echo(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  search: string,
): Promise<void> | void {
  const body = readBody(req, res);
  // Stay synchronous for bodiless requests: no promise per request on the benchmark's hot path.
  if (!(body instanceof Promise)) return void (body && sendEcho(req, res, path, search, body));
  return body.then((read) => void (read && !res.destroyed && sendEcho(req, res, path, search, read)));
}
