// The non-echo routes: canned statuses, slow and large responses, broken connections, and header games
// for the gateway's timeout, streaming, reset and hop-by-hop tests.
import {
  type IncomingMessage,
  type ServerResponse,
  STATUS_CODES,
  validateHeaderName,
  validateHeaderValue,
} from "node:http";
import { queryObject, readBody, sendEcho } from "./echo.ts";
import { BadInput, intParam, MiB, PATTERN, pace, sendJson, sleep, writePattern } from "./util.ts";

/** `rest` is what follows `/<route>/` (undefined when nothing does); `search` excludes the `?`. */
export type Handler = (
  req: IncomingMessage,
  res: ServerResponse,
  rest: string | undefined,
  path: string,
  search: string,
) => void | Promise<void>;

const MAX_DELAY_MS = 30_000;
const MAX_BYTES = 100 * MiB;
const MAX_STREAM_CHUNKS = 10_000;
// Long enough for any timeout test; a typo'd interval should not pin a connection for hours.
const MAX_STREAM_DURATION_MS = 5 * 60_000;
const MAX_RESPONSE_HEADERS = 64;

const params = (search: string) => new URLSearchParams(search);

export const status: Handler = (_req, res, rest) => {
  if (rest === undefined || !/^\d{3}$/.test(rest))
    throw new BadInput("status code must be 3 digits (100-599)");
  const code = Number(rest);
  if (code < 100 || code > 599) throw new BadInput(`status code must be 100-599, got ${code}`);
  if (code < 200) return informational(res, code);
  // These must not carry a body; 205 gets Node's implicit Content-Length: 0.
  if (code === 204 || code === 205 || code === 304) return void res.writeHead(code).end();
  sendJson(res, code, { status: code, statusText: STATUS_CODES[code] ?? "Unknown" });
};

// A 1xx is never a final response, so the few that HTTP/1.1 allows an origin to send on its own are sent as
// interim responses before a 200; the rest (101 needs a real protocol switch) cannot be faked.
function informational(res: ServerResponse, code: number): void {
  if (code === 100) res.writeContinue();
  else if (code === 102) res.writeProcessing();
  else if (code === 103) res.writeEarlyHints({ link: "</demo.css>; rel=preload; as=style" });
  else throw new BadInput(`status ${code} cannot be sent by this server; use 100, 102 or 103`);
  sendJson(res, 200, { status: 200, informational: code });
}

export const delay: Handler = async (req, res, rest, path, search) => {
  const ms = intParam(rest, "delay ms", MAX_DELAY_MS);
  // Measured from arrival, so uploading the body does not add to the delay.
  const due = Date.now() + ms;
  const body = await readBody(req, res);
  if (body === null || !(await sleep(res, Math.max(0, due - Date.now())))) return;
  sendEcho(req, res, path, search, body);
};

export const bytes: Handler = async (_req, res, rest) => {
  const n = intParam(rest, "bytes", MAX_BYTES);
  res.writeHead(200, { "content-type": "application/octet-stream", "content-length": n });
  if (await writePattern(res, n)) res.end();
};

export const stream: Handler = async (_req, res, rest, _path, search) => {
  const q = params(search);
  const n = intParam(rest, "chunks", MAX_STREAM_CHUNKS);
  const chunkBytes = intParam(q.get("chunkBytes"), "chunkBytes", PATTERN.length, 1024);
  const intervalMs = intParam(q.get("intervalMs"), "intervalMs", MAX_STREAM_DURATION_MS, 50);
  if (chunkBytes < 1) throw new BadInput("chunkBytes must be at least 1");
  if (n * intervalMs > MAX_STREAM_DURATION_MS)
    throw new BadInput(`stream would last over ${MAX_STREAM_DURATION_MS} ms`);
  // No Content-Length, so Node frames the body with chunked transfer encoding.
  res.writeHead(200, { "content-type": "application/octet-stream", "cache-control": "no-store" });
  res.flushHeaders();
  await pace(res, new Array<number>(n).fill(chunkBytes), intervalMs);
};

/** `bytes` spread over `durationMs` in at most 100 pieces, with a Content-Length (like httpbin's /drip). */
export const drip: Handler = async (_req, res, _rest, _path, search) => {
  const q = params(search);
  const total = intParam(q.get("bytes"), "bytes", 10 * MiB, 10);
  const durationMs = intParam(q.get("durationMs"), "durationMs", MAX_STREAM_DURATION_MS, 2000);
  const pieces = Math.min(total, 100);
  const sizes = Array.from(
    { length: pieces },
    (_, i) => Math.floor(total / pieces) + (i < total % pieces ? 1 : 0),
  );
  res.writeHead(200, { "content-type": "application/octet-stream", "content-length": total });
  res.flushHeaders();
  await pace(res, sizes, pieces > 0 ? durationMs / pieces : 0, true);
};

/**
 * Promises 1 KiB, sends 100 bytes, then kills the connection `afterMs` later: with a TCP RST by default
 * (what a crashed upstream looks like), or `?mode=close` for a plain FIN (a premature end of body).
 * The pause lets headers and the partial body reach the client first, so its body read is what fails.
 */
export const reset: Handler = async (_req, res, _rest, _path, search) => {
  const q = params(search);
  const afterMs = intParam(q.get("afterMs"), "afterMs", MAX_DELAY_MS, 50);
  const mode = q.get("mode") ?? "rst";
  if (mode !== "rst" && mode !== "close") throw new BadInput('mode must be "rst" or "close"');
  const socket = res.socket;
  res.writeHead(200, { "content-type": "application/octet-stream", "content-length": 1024 });
  res.write(PATTERN.subarray(0, 100));
  if (!socket || !(await sleep(res, afterMs))) return;
  if (mode === "rst") socket.resetAndDestroy();
  else socket.destroy();
};

/** Never answers; the connection stays until the client gives up or the server closes. */
export const hang: Handler = (req) => {
  req.resume(); // drain any upload so the client is not stuck sending
};

export const headers: Handler = (req, res) => sendJson(res, 200, { headers: req.headers });

export const health: Handler = (_req, res) => sendJson(res, 200, { ok: true });

/**
 * `?Name=Value` (repeat a name for several values) become response headers, for hop-by-hop stripping
 * tests. Framing stays Node's job: Content-Length cannot be set, and Transfer-Encoding only to chunked.
 */
export const responseHeaders: Handler = (_req, res, _rest, _path, search) => {
  const wanted = queryObject(search);
  const names = Object.keys(wanted);
  if (names.length > MAX_RESPONSE_HEADERS) throw new BadInput(`at most ${MAX_RESPONSE_HEADERS} headers`);
  for (const name of names) {
    const values = wanted[name] as string | string[];
    try {
      validateHeaderName(name);
      for (const value of [values].flat()) validateHeaderValue(name, value);
    } catch {
      throw new BadInput(`invalid header ${JSON.stringify(name)} or value`);
    }
    const lower = name.toLowerCase();
    if (lower === "content-length") throw new BadInput("content-length is set by the server");
    if (lower === "transfer-encoding" && values !== "chunked")
      throw new BadInput("transfer-encoding may only be chunked");
  }
  const body = JSON.stringify(wanted);
  res.setHeader("content-type", "application/json");
  for (const name of names) res.setHeader(name, wanted[name] as string | string[]);
  res.writeHead(200);
  res.end(body);
};
